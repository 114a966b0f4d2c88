import { createEmulator, type EmulatorOptions } from "./index.js";

/**
 * `npm run emulator`. Configuration from the environment:
 *   STRIPE_EMULATOR_PORT (12111), STRIPE_EMULATOR_HOST (127.0.0.1), STRIPE_EMULATOR_STATE_FILE,
 *   STRIPE_EMULATOR_IDEMPOTENCY_TTL_MS, STRIPE_EMULATOR_WEBHOOK_URL + STRIPE_EMULATOR_WEBHOOK_SECRET,
 *   STRIPE_EMULATOR_WEBHOOK_RETRY_DELAYS_MS ("1000,5000"), STRIPE_EMULATOR_EMIT_PROCESSING (1/true),
 *   STRIPE_EMULATOR_QUIET (1: no log lines except the banner).
 */
function fail(message: string): never {
  console.error(`stripe-emulator: ${message}`);
  process.exit(1);
}

function integerEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) fail(`${name} must be a non-negative integer, got '${raw}'`);
  return Number(raw);
}

const env = process.env;
const port = integerEnv("STRIPE_EMULATOR_PORT") ?? 12111;
const host = env.STRIPE_EMULATOR_HOST || "127.0.0.1";
const quiet = env.STRIPE_EMULATOR_QUIET === "1" || env.STRIPE_EMULATOR_QUIET === "true";

const options: EmulatorOptions = {
  stateFile: env.STRIPE_EMULATOR_STATE_FILE || undefined,
  idempotencyTtlMs: integerEnv("STRIPE_EMULATOR_IDEMPOTENCY_TTL_MS"),
  emitProcessingEvents: env.STRIPE_EMULATOR_EMIT_PROCESSING === "1" || env.STRIPE_EMULATOR_EMIT_PROCESSING === "true",
  log: quiet ? () => {} : (line) => console.error(`stripe-emulator: ${line}`),
};
if (env.STRIPE_EMULATOR_WEBHOOK_RETRY_DELAYS_MS) {
  const raw = env.STRIPE_EMULATOR_WEBHOOK_RETRY_DELAYS_MS;
  const delays = raw.split(",").map((s) => Number(s.trim()));
  if (delays.some((d) => !Number.isInteger(d) || d < 0)) fail(`STRIPE_EMULATOR_WEBHOOK_RETRY_DELAYS_MS must be a comma-separated list of milliseconds, got '${raw}'`);
  options.webhookRetryDelaysMs = delays;
}
if (env.STRIPE_EMULATOR_WEBHOOK_URL) {
  if (!env.STRIPE_EMULATOR_WEBHOOK_SECRET?.startsWith("whsec_")) fail("STRIPE_EMULATOR_WEBHOOK_SECRET (whsec_...) is required with STRIPE_EMULATOR_WEBHOOK_URL");
  options.webhookEndpoints = [{ url: env.STRIPE_EMULATOR_WEBHOOK_URL, secret: env.STRIPE_EMULATOR_WEBHOOK_SECRET }];
}

const emulator = createEmulator(options);
try {
  const { url } = await emulator.listen(port, host);
  console.log(`Stripe emulator listening on ${url}`);
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") fail(`port ${port} on ${host} is already in use (set STRIPE_EMULATOR_PORT to another port)`);
  fail(`could not listen on ${host}:${port}: ${(err as Error).message}`);
}

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => fail(`error while closing: ${(err as Error).message}`),
    );
  });
}

// `npm start`: everything a newcomer needs, in one command. Starts the embedded PostgreSQL
// (unless DATABASE_URL is set), migrates and seeds it, starts the Stripe emulator (unless
// STRIPE_SECRET_KEY is set), builds the app if the build is stale, and serves it.
import "dotenv/config";
import path from "node:path";
import { assertPortFree } from "./db/embedded-postgres";
import { buildIsFresh, runNextBuild, startNextApp, type AppProcess } from "./lib/next-app";
import { DATA_DIR, localSecret, startDatabase, startStripeEmulator } from "./lib/services";
import { EMULATOR_DEFAULTS } from "../lib/payments/stripe";

const appPort = Number(process.env.PORT ?? 3000);
const pgPort = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
const emulatorPort = Number(process.env.STRIPE_EMULATOR_PORT ?? 12111);
const useEmulator = !process.env.STRIPE_SECRET_KEY;

const say = (line: string) => console.log(`[chargeonce] ${line}`);
const cleanups: (() => Promise<void>)[] = [];
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  say("Stopping…");
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => console.error(err));
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  await assertPortFree(appPort, "the app (set PORT)");
  if (useEmulator) await assertPortFree(emulatorPort, "the Stripe emulator (set STRIPE_EMULATOR_PORT)");

  say(process.env.DATABASE_URL ? "Using the database at DATABASE_URL" : `Starting the embedded PostgreSQL on port ${pgPort}…`);
  const database = await startDatabase({ dataDir: path.join(DATA_DIR, "postgres"), port: pgPort, durable: true });
  if (database.embedded) cleanups.push(() => database.embedded!.stop());
  say("Database migrated and seeded.");

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    PORT: String(appPort),
    SESSION_SECRET: process.env.SESSION_SECRET ?? localSecret("session-secret"),
    ADMIN_PASSWORD: process.env.ADMIN_PASSWORD || localSecret("admin-password"),
  };
  if (useEmulator) {
    const secret = process.env.STRIPE_WEBHOOK_SECRET ?? EMULATOR_DEFAULTS.webhookSecret;
    const { url, emulator } = await startStripeEmulator({
      port: emulatorPort,
      stateFile: path.join(DATA_DIR, "stripe-emulator.json"),
      webhookUrl: `http://127.0.0.1:${appPort}/api/webhooks/stripe`,
      webhookSecret: secret,
    });
    cleanups.push(() => emulator.close());
    env.STRIPE_EMULATOR_URL = url;
    env.STRIPE_WEBHOOK_SECRET = secret;
    say(`Stripe emulator on ${url} (no Stripe account needed).`);
  } else {
    say("Using real Stripe (STRIPE_SECRET_KEY is set). Forward webhooks with: stripe listen --forward-to localhost:" + appPort + "/api/webhooks/stripe");
  }

  if (!buildIsFresh()) {
    say("Building the app (first start or changed sources; takes about a minute)…");
    await runNextBuild();
  }
  const app: AppProcess = await startNextApp({ port: appPort, env, log: (line) => console.log(`  next │ ${line}`) });
  cleanups.push(() => app.stop());
  app.child.once("exit", (code) => {
    if (!stopping) {
      console.error(`[chargeonce] The app exited unexpectedly (code ${code}).`);
      void shutdown(1);
    }
  });

  console.log(`
  ChargeOnce is running.
    Shop:            http://localhost:${appPort}
    Console:         http://localhost:${appPort}/admin (password: ${process.env.ADMIN_PASSWORD ? "ADMIN_PASSWORD" : `${env.ADMIN_PASSWORD}, kept in .data/admin-password`})
    Stripe:          ${useEmulator ? env.STRIPE_EMULATOR_URL + " (emulator)" : "api.stripe.com (your keys)"}
    Database:        ${database.embedded ? `embedded PostgreSQL, data in .data/postgres (port ${pgPort})` : "DATABASE_URL"}
  Test card: 4242 4242 4242 4242, any future date, any CVC. Press Ctrl-C to stop.
`);
} catch (err) {
  console.error(`[chargeonce] ${err instanceof Error ? err.message : `Could not start: ${String(err)}`}`);
  await shutdown(1);
}

// If whatever started us dies without a signal reaching us (an IDE's stop button, a killed
// npm), we are re-parented: stop too, rather than leave the database and the app running.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown(0);
}, 1000).unref();

// `npm test`: the whole suite on a fresh, throw-away stack. Starts a new embedded
// PostgreSQL (or uses DATABASE_URL), the Stripe emulator, builds the app once, serves it in
// test mode for Playwright, then runs Vitest and Playwright and prints one closing line.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./db/embedded-postgres";
import { EMULATOR_DEFAULTS } from "../lib/payments/stripe";
import { ROOT, runNextBuild, startNextApp } from "./lib/next-app";
import { startDatabase, startStripeEmulator } from "./lib/services";

const say = (line: string) => console.log(`[test] ${line}`);
const started = Date.now();
const cleanups: (() => Promise<void>)[] = [];
const results: { name: string; passed: number; failed: number; ok: boolean }[] = [];

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chargeonce-test-"));
  fs.chmodSync(tmp, 0o755); // PostgreSQL runs as its own unprivileged user when we are root
  cleanups.push(async () => fs.rmSync(tmp, { recursive: true, force: true }));

  say("Starting a fresh database…");
  const database = await startDatabase({ dataDir: path.join(tmp, "postgres"), port: await freePort() });
  if (database.embedded) cleanups.push(() => database.embedded!.stop());

  const appPort = await freePort();
  const webhookSecret = EMULATOR_DEFAULTS.webhookSecret;
  const { url: emulatorUrl, emulator } = await startStripeEmulator({
    port: await freePort(),
    webhookUrl: `http://127.0.0.1:${appPort}/api/webhooks/stripe`,
    webhookSecret,
    // Exercise the `processing` branch, and retry failed deliveries quickly.
    options: { emitProcessingEvents: true, webhookRetryDelaysMs: [100, 300, 1_000, 3_000] },
  });
  cleanups.push(() => emulator.close());

  if (process.env.SKIP_BUILD !== "1" && process.env.SKIP_TYPECHECK !== "1") {
    say("Type-checking the project…");
    const tscCode = await run("tsc", ["--noEmit", "-p", "."], process.env);
    results.push({ name: "typecheck", passed: tscCode === 0 ? 1 : 0, failed: tscCode === 0 ? 0 : 1, ok: tscCode === 0 });
    if (tscCode !== 0) return 1;
  }
  if (process.env.SKIP_BUILD !== "1") {
    say("Building the app…");
    await runNextBuild();
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    STRIPE_EMULATOR_URL: emulatorUrl,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    CHARGEONCE_TEST_MODE: "1",
    SESSION_SECRET: crypto.randomBytes(32).toString("base64url"),
    ADMIN_PASSWORD: crypto.randomBytes(18).toString("base64url"),
    // Tests run the reconciler themselves, when they mean to.
    RECONCILE_INTERVAL_MS: "0",
    STRIPE_SECRET_KEY: "",
  };
  delete env.STRIPE_SECRET_KEY;
  const app = await startNextApp({ port: appPort, env });
  cleanups.push(() => app.stop());
  say(`App (test mode) on ${app.url}, Stripe emulator on ${emulatorUrl}.`);

  const suiteEnv = { ...env, APP_URL: app.url };
  // For a quicker loop while developing: SUITES=playwright npm test -- e2e/checkout.spec.ts
  const suites = (process.env.SUITES ?? "vitest,playwright").split(",");
  const extraArgs = process.argv.slice(2);
  if (suites.includes("vitest")) {
    const vitestJson = path.join(tmp, "vitest.json");
    const code = await run("vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`, ...extraArgs], suiteEnv);
    results.push({ name: "vitest", ...countVitest(vitestJson), ok: code === 0 });
  }
  if (suites.includes("playwright")) {
    const pwJson = path.join(tmp, "playwright.json");
    const code = await run("playwright", ["test", "--reporter=list,json", ...extraArgs], { ...suiteEnv, PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
    results.push({ name: "playwright", ...countPlaywright(pwJson), ok: code === 0 });
  }

  return results.every((r) => r.ok) ? 0 : 1;
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  say(`Running ${bin} ${args.join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, "node_modules", ".bin", bin), args, { cwd: ROOT, env, stdio: "inherit" });
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function countVitest(file: string) {
  try {
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    // A suite that fails to load has no failed tests of its own: count it once.
    const failed = r.numFailedTests || r.numFailedTestSuites || 0;
    return { passed: r.numPassedTests ?? 0, failed };
  } catch {
    return { passed: 0, failed: 1 };
  }
}

function countPlaywright(file: string) {
  try {
    const s = JSON.parse(fs.readFileSync(file, "utf8")).stats;
    return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0) };
  } catch {
    return { passed: 0, failed: 1 };
  }
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`[test] ${(err as Error).stack ?? err}`);
}
for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0) + (code !== 0 && results.every((r) => r.ok) ? 1 : 0);
for (const r of results) say(`${r.name}: ${r.passed} passed, ${r.failed} failed`);
say(`took ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(code);

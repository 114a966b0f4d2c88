// A throw-away stack for benchmarks: a fresh embedded PostgreSQL, the Stripe emulator in its
// own process (so it does not share the load driver's event loop), and N `next start`
// instances in test mode (the naive control flow is a test-mode route).
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/db/embedded-postgres";
import { buildIsFresh, ROOT, runNextBuild, startNextApp, waitForHttp, type AppProcess } from "../../scripts/lib/next-app";
import { startDatabase } from "../../scripts/lib/services";
import { EMULATOR_DEFAULTS } from "../../lib/payments/stripe";

export interface BenchStack {
  databaseUrl: string;
  emulatorUrl: string;
  apps: AppProcess[];
  env: NodeJS.ProcessEnv;
  emulatorPid: number;
  stop(): Promise<void>;
}

export async function startBenchStack(opts: { instances: number; poolSize?: number; log?: (s: string) => void }): Promise<BenchStack> {
  const log = opts.log ?? (() => {});
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chargeonce-bench-"));
  fs.chmodSync(tmp, 0o755);
  const database = await startDatabase({ dataDir: path.join(tmp, "postgres"), port: await freePort() });

  const emulatorPort = await freePort();
  const emulator: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "stripe-emulator/src/cli.ts")], {
    cwd: ROOT,
    env: { ...process.env, STRIPE_EMULATOR_PORT: String(emulatorPort), STRIPE_EMULATOR_QUIET: "1" },
    stdio: "ignore",
  });
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  await waitForHttp(`${emulatorUrl}/_emulator/health`, 30_000);

  if (!buildIsFresh()) {
    log("building the app…");
    await runNextBuild();
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: String(opts.poolSize ?? 10),
    STRIPE_EMULATOR_URL: emulatorUrl,
    STRIPE_WEBHOOK_SECRET: EMULATOR_DEFAULTS.webhookSecret,
    SESSION_SECRET: crypto.randomBytes(32).toString("base64url"),
    CHARGEONCE_TEST_MODE: "1",
    RECONCILE_INTERVAL_MS: "0",
    OUTBOX_INTERVAL_MS: "0",
    // A load test is one client hammering one instance: per-client limits are off here (in
    // production they protect against exactly this).
    RATE_LIMIT_ORDERS_PER_MINUTE: "0",
    RATE_LIMIT_CHARGE_PER_MINUTE: "0",
  };
  delete env.STRIPE_SECRET_KEY;
  const apps: AppProcess[] = [];
  for (let i = 0; i < opts.instances; i++) apps.push(await startNextApp({ port: await freePort(), env }));
  return {
    databaseUrl: database.url,
    emulatorUrl,
    apps,
    env,
    emulatorPid: emulator.pid!,
    async stop() {
      await Promise.all(apps.map((a) => a.stop()));
      emulator.kill("SIGTERM");
      await database.embedded?.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export async function emulatorControl(emulatorUrl: string, method: string, p: string, body?: unknown): Promise<any> {
  const res = await fetch(`${emulatorUrl}/_emulator/${p}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return res.json();
}

export { treeRssMiB } from "../../scripts/lib/process-tree";

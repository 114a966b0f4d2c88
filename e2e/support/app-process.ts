// Extra app processes for the specs that need their own server (next dev; a process to kill),
// on the same database, emulator and session secret as the suite's app.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { ROOT, type AppProcess } from "../../scripts/lib/next-app";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The suite's environment (npm test passes it), test mode on, plus `extra`. */
export function appEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  for (const name of ["DATABASE_URL", "STRIPE_EMULATOR_URL", "SESSION_SECRET"]) {
    if (!process.env[name]) throw new Error(`${name} is not set: run the e2e suite through npm test.`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, CHARGEONCE_TEST_MODE: "1", RECONCILE_INTERVAL_MS: "0" };
  delete env.STRIPE_SECRET_KEY;
  delete env.CHARGEONCE_FAULT_POINTS;
  return { ...env, ...extra };
}

/** Resolves when the process has exited, with the signal that ended it (if any). */
export function exited(app: AppProcess): Promise<NodeJS.Signals | null> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return Promise.resolve(app.child.signalCode);
  return new Promise((resolve) => app.child.once("exit", (_code, signal) => resolve(signal)));
}

/**
 * `next dev` rewrites next-env.d.ts to point at its own distDir's types; put back what was
 * there and drop the generated types, so the repo's type-check sees what it saw before.
 */
export function keepTypeFilesOf(distDir: string): () => void {
  const nextEnv = path.join(ROOT, "next-env.d.ts");
  const before = fs.existsSync(nextEnv) ? fs.readFileSync(nextEnv, "utf8") : null;
  return () => {
    if (before !== null && fs.readFileSync(nextEnv, "utf8") !== before) fs.writeFileSync(nextEnv, before);
    fs.rmSync(path.join(ROOT, distDir, "dev", "types"), { recursive: true, force: true });
    fs.rmSync(path.join(ROOT, distDir, "types"), { recursive: true, force: true });
  };
}

// Starting and stopping `next start` / `next dev` processes, for `npm start`, the test
// suite and the benchmarks alike.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export interface AppProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Last lines the process printed, for error messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startNextApp(opts: {
  port: number;
  env: NodeJS.ProcessEnv;
  mode?: "start" | "dev";
  distDir?: string;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
}): Promise<AppProcess> {
  const mode = opts.mode ?? "start";
  const child = spawn(process.execPath, [NEXT_BIN, mode, "-p", String(opts.port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      ...opts.env,
      NEXT_TELEMETRY_DISABLED: "1",
      ...(opts.distDir ? { NEXT_DIST_DIR: opts.distDir } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      opts.log?.(line);
    }
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${opts.port}`;
  const app: AppProcess = {
    url,
    port: opts.port,
    child,
    output: () => lines.join("\n"),
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  await waitForHttp(`${url}/api/health`, opts.readyTimeoutMs ?? 60_000, () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`next ${mode} exited before it was ready:\n${app.output()}`);
    }
  });
  return app;
}

export async function waitForHttp(url: string, timeoutMs: number, check?: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    check?.();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} was not ready after ${timeoutMs} ms (${lastError})`);
}

/** True when .next holds a production build newer than every source file. */
export function buildIsFresh(distDir = ".next"): boolean {
  const buildId = path.join(ROOT, distDir, "BUILD_ID");
  if (!fs.existsSync(buildId)) return false;
  const builtAt = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "public", "generated", "next.config.mjs", "package-lock.json", "tsconfig.json"];
  return !sources.some((s) => newestMtime(path.join(ROOT, s)) > builtAt);
}

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function runNextBuild(opts: { distDir?: string; log?: (line: string) => void } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, "build"], {
      cwd: ROOT,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...(opts.distDir ? { NEXT_DIST_DIR: opts.distDir } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split("\n")) if (line.trim()) opts.log?.(line);
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed:\n${output.slice(-4000)}`))));
  });
}

import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import Stripe from "stripe";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");

function runCli(env: Record<string, string>) {
  const child = spawn(tsx, ["stripe-emulator/src/cli.ts"], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const banner = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", () => {
      const m = /Stripe emulator listening on (http:\/\/\S+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  banner.catch(() => undefined); // a test that expects the exit does not await the banner
  return { child, banner, exited, output: () => ({ stdout, stderr }) };
}

describe("npm run emulator (cli)", () => {
  it("prints its URL, serves the SDK, and saves state on SIGTERM", async () => {
    const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stripe-emulator-cli-")), "state.json");
    const cli = runCli({ STRIPE_EMULATOR_PORT: "0", STRIPE_EMULATOR_STATE_FILE: stateFile });
    const url = new URL(await cli.banner);
    expect(url.hostname).toBe("127.0.0.1");
    const stripe = new Stripe("sk_test_cli", { host: url.hostname, port: Number(url.port), protocol: "http" });
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(fs.readFileSync(stateFile, "utf8")).toContain(pi.id);
  });

  it("exits 1 with a clear message when the port is in use", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const cli = runCli({ STRIPE_EMULATOR_PORT: String(port) });
      expect(await cli.exited).toBe(1);
      expect(cli.output().stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});

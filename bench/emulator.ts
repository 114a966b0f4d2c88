/**
 * PaymentIntent creates per second through the official stripe SDK against the emulator,
 * at concurrency 32 on loopback. The emulator runs in its own process (as the app uses it),
 * so the figures are the server's, not an in-process shortcut.
 *
 * Two phases:
 *   saturation  32 callers create back to back: the most creates/s the machine does. In this
 *               closed loop latency is mostly queueing (32 / throughput), in the client too.
 *   paced       1,000 creates/s (the target rate), at most 32 in flight: the latency the app
 *               sees from the emulator when it asks for the target throughput.
 *
 *   npm run bench:emulator                  (10 s measured after a 2 s warm-up)
 *   BENCH_SECONDS=30 BENCH_CONCURRENCY=64 npm run bench:emulator
 *   BENCH_SERVER_NODE_FLAGS="--max-semi-space-size=4" npm run bench:emulator   (V8 flags for the server)
 *
 * Writes bench/results/emulator.json.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Stripe from "stripe";

const ROOT = path.resolve(import.meta.dirname, "..");
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const TARGET = { createsPerSecond: 1000, p99Ms: 20 };
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? TARGET.createsPerSecond);

async function startServer() {
  const nodeFlags = (process.env.BENCH_SERVER_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", "stripe-emulator/src/cli.ts"], {
    cwd: ROOT,
    env: { ...process.env, STRIPE_EMULATOR_PORT: "0", STRIPE_EMULATOR_QUIET: "1", STRIPE_EMULATOR_STATE_FILE: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { child, url: new URL(url) };
}

/** CPU seconds used by a process so far (Linux /proc; null elsewhere). */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 Hz)
  } catch {
    return null;
  }
}

async function run(stripe: Stripe, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const started = performance.now();
      try {
        await stripe.paymentIntents.create({ amount: 1000 + (i % 100), currency: "usd", metadata: { worker: String(w), i: String(i) } });
        latencies.push(performance.now() - started);
      } catch {
        errors++;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  return { latencies, errors, elapsedS: (performance.now() - started) / 1000 };
}

/** Starts creates at a fixed rate (never more than CONCURRENCY in flight); latency is from send to answer. */
async function paced(stripe: Stripe, rate: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  let inFlight = 0;
  let skipped = 0; // starts missed because CONCURRENCY requests were already in flight
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    for (; i < due; i++) {
      if (inFlight >= CONCURRENCY) {
        skipped++;
        continue;
      }
      inFlight++;
      const sent = performance.now();
      pending.push(
        stripe.paymentIntents
          .create({ amount: 1000 + (i % 100), currency: "usd", metadata: { paced: String(i) } })
          .then(
            () => void latencies.push(performance.now() - sent),
            () => void errors++,
          )
          .finally(() => void inFlight--),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  return { latencies, errors, skipped, elapsedS: (performance.now() - started) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const { child, url } = await startServer();
try {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const stripe = new Stripe("sk_test_bench", { host: url.hostname, port: Number(url.port), protocol: "http", httpAgent: agent, maxNetworkRetries: 0, telemetry: false });
  await run(stripe, WARMUP_SECONDS);
  const round = (n: number) => Math.round(n * 100) / 100;
  const summary = (latencies: number[]) => {
    latencies.sort((a, b) => a - b);
    return { p50: round(percentile(latencies, 50)), p90: round(percentile(latencies, 90)), p99: round(percentile(latencies, 99)), max: round(latencies.at(-1) ?? NaN) };
  };

  const cpuBefore = cpuSeconds(child.pid!);
  const clientBefore = process.cpuUsage();
  const saturation = await run(stripe, SECONDS);
  const cpuAfter = cpuSeconds(child.pid!);
  const clientCpu = process.cpuUsage(clientBefore);
  const pacedRun = await paced(stripe, PACED_RATE, SECONDS);

  const result = {
    benchmark: "emulator: PaymentIntent creates through the stripe SDK",
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    loadAverage: os.loadavg().map(round),
    concurrency: CONCURRENCY,
    saturation: {
      seconds: round(saturation.elapsedS),
      creates: saturation.latencies.length,
      errors: saturation.errors,
      createsPerSecond: Math.round(saturation.latencies.length / saturation.elapsedS),
      latencyMs: summary(saturation.latencies),
      serverCpuPercent: cpuBefore !== null && cpuAfter !== null ? Math.round(((cpuAfter - cpuBefore) / saturation.elapsedS) * 100) : null,
      clientCpuPercent: Math.round(((clientCpu.user + clientCpu.system) / 1e6 / saturation.elapsedS) * 100),
    },
    paced: {
      targetRate: PACED_RATE,
      seconds: round(pacedRun.elapsedS),
      creates: pacedRun.latencies.length,
      errors: pacedRun.errors,
      skippedStarts: pacedRun.skipped,
      createsPerSecond: Math.round(pacedRun.latencies.length / pacedRun.elapsedS),
      latencyMs: summary(pacedRun.latencies),
    },
    target: TARGET,
    meetsTarget: false,
  };
  result.meetsTarget =
    result.saturation.errors === 0 &&
    result.paced.errors === 0 &&
    result.saturation.createsPerSecond >= TARGET.createsPerSecond &&
    result.paced.latencyMs.p99 < TARGET.p99Ms;
  agent.destroy();

  const sat = result.saturation;
  const pc = result.paced;
  const rows: [string, string, string][] = [
    ["", "saturation", `paced ${PACED_RATE}/s`],
    ["concurrency (max)", String(CONCURRENCY), String(CONCURRENCY)],
    ["creates", String(sat.creates), String(pc.creates)],
    ["errors", String(sat.errors), String(pc.errors)],
    ["creates/s", String(sat.createsPerSecond), String(pc.createsPerSecond)],
    ["p50 ms", String(sat.latencyMs.p50), String(pc.latencyMs.p50)],
    ["p90 ms", String(sat.latencyMs.p90), String(pc.latencyMs.p90)],
    ["p99 ms", String(sat.latencyMs.p99), String(pc.latencyMs.p99)],
    ["max ms", String(sat.latencyMs.max), String(pc.latencyMs.max)],
    ["server / client CPU %", `${sat.serverCpuPercent ?? "n/a"} / ${sat.clientCpuPercent}`, ""],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nStripe emulator bench (${os.cpus().length} CPUs, ${process.version}, load ${result.loadAverage.join(" ")}; client and server share the machine)`);
  for (const [k, a, b] of rows) console.log(`  ${k.padEnd(width)}  ${a.padStart(12)}  ${b.padStart(14)}`);
  console.log(`  target: ≥ ${TARGET.createsPerSecond} creates/s at saturation, p99 < ${TARGET.p99Ms} ms at ${PACED_RATE}/s: ${result.meetsTarget ? "met" : "NOT met"}`);
  const out = path.join(ROOT, "bench/results/emulator.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(ROOT, out)}`);
} finally {
  child.kill("SIGTERM");
}

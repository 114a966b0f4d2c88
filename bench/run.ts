// `npm run bench`: the cost of safety, measured side by side in one run. See BENCHMARKS.md.
//   (a) duplicate storm vs the naive flow     (b) repeat request vs the framework floor
//   (c) fresh-order throughput vs naive       (d) checkout bundle vs a blank page
//   (e) resident memory over 30,000 requests
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { EMULATOR_DEFAULTS } from "../lib/payments/stripe";
import { percentileChart } from "./lib/chart";
import { BenchShopper } from "./lib/http";
import { emulatorControl, startBenchStack, treeRssMiB, type BenchStack } from "./lib/stack";
import { pool, summarize, timed, type Sample, type Summary } from "./lib/stats";
import { measureBundles } from "./lib/bundle";

const RESULTS = path.join(import.meta.dirname, "results");
const quick = process.argv.includes("--quick");
// --only=b,e runs a subset while working on one scenario.
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const runs = (scenario: string) => !only || only.includes(scenario);
const say = (s: string) => console.error(`[bench] ${s}`);

interface Check {
  scenario: string;
  metric: string;
  value: number;
  target: string;
  met: boolean;
}
const checks: Check[] = [];
const check = (scenario: string, metric: string, value: number, target: string, met: boolean) => checks.push({ scenario, metric, value: round(value), target, met });
const round = (n: number) => Math.round(n * 100) / 100;

function stripeFor(stack: BenchStack): Stripe {
  const u = new URL(stack.emulatorUrl);
  return new Stripe(EMULATOR_DEFAULTS.secretKey, { host: u.hostname, port: Number(u.port), protocol: "http", maxNetworkRetries: 0 });
}

async function paymentIntentCount(stripe: Stripe, orderId: string): Promise<number> {
  let n = 0;
  for await (const _ of stripe.paymentIntents.search({ query: `metadata['orderId']:'${orderId}'`, limit: 100 })) n++;
  return n;
}

async function createCalls(stack: BenchStack): Promise<number> {
  const counters = await emulatorControl(stack.emulatorUrl, "GET", "counters");
  return counters.requests?.["POST /v1/payment_intents"] ?? 0;
}

// (b) first, on a quiet stack: repeat requests against the constant-JSON floor, interleaved.
async function repeatVsFloor(stack: BenchStack) {
  const app = stack.apps[0].url;
  const shopper = new BenchShopper();
  const { orderId } = await shopper.placeOrder(app);
  await shopper.charge(app, orderId);
  const n = quick ? 500 : 3000;
  const warm = () => pool(200, 4, (i) => (i % 2 ? shopper.charge(app, orderId) : fetch(`${app}/api/health`)).then((r) => r.arrayBuffer()));
  await warm();
  const repeat: Sample[] = [];
  const floor: Sample[] = [];
  await pool(n * 2, 4, async (i) => {
    if (i % 2) repeat.push(await timed(() => shopper.charge(app, orderId)));
    else floor.push(await timed(() => fetch(`${app}/api/health`)));
  });
  return { repeat: summarize(repeat), floor: summarize(floor), samples: { repeat, floor } };
}

// (a) 20 new orders, each hit by 50 concurrent duplicate charge requests spread over the
// instances, with every Stripe call 200 ms slower. The naive flow gets the same storm.
async function duplicateStorm(stack: BenchStack, flow: "idempotent" | "naive") {
  const stripe = stripeFor(stack);
  const orders = quick ? 5 : 20;
  const duplicates = 50;
  const samples: Sample[] = [];
  const perOrderIntents: number[] = [];
  const createsBefore = await createCalls(stack);
  for (let o = 0; o < orders; o++) {
    const shopper = new BenchShopper();
    const order = await shopper.placeOrder(stack.apps[0].url);
    const results = await Promise.all(
      Array.from({ length: duplicates }, (_, i) => {
        const app = stack.apps[i % stack.apps.length].url;
        return timed(() => (flow === "idempotent" ? shopper.charge(app, order.orderId) : shopper.naiveCharge(app, order.orderId, order.amount)));
      }),
    );
    samples.push(...results);
    perOrderIntents.push(await paymentIntentCount(stripe, order.orderId));
  }
  const creates = (await createCalls(stack)) - createsBefore;
  return {
    flow,
    summary: summarize(samples),
    samples,
    intentsPerOrder: round(perOrderIntents.reduce((a, b) => a + b, 0) / orders),
    createCallsPerOrder: round(creates / orders),
  };
}

async function oneStripeCall(stack: BenchStack): Promise<Summary> {
  const stripe = stripeFor(stack);
  const samples: Sample[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    await stripe.paymentIntents.create({ amount: 1000, currency: "usd", metadata: { orderId: `bench_probe_${i}` } });
    samples.push({ ms: performance.now() - start, status: 200 });
  }
  return summarize(samples);
}

// (c) full create path (place order + charge) per order, ours vs naive, interleaved batches.
async function freshOrderThroughput(stack: BenchStack) {
  const app = stack.apps[0].url;
  const perBatch = quick ? 40 : 150;
  const batches = 4;
  const concurrency = 8;
  const wall = { idempotent: 0, naive: 0 };
  const count = { idempotent: 0, naive: 0 };
  const errors = { idempotent: 0, naive: 0 };
  for (let b = 0; b < batches * 2; b++) {
    const flow = b % 2 === 0 ? "idempotent" : "naive";
    const start = performance.now();
    await pool(perBatch, concurrency, async () => {
      const shopper = new BenchShopper();
      const order = await shopper.placeOrder(app);
      const res = flow === "idempotent" ? await shopper.charge(app, order.orderId) : await shopper.naiveCharge(app, order.orderId, order.amount);
      await res.arrayBuffer();
      if (res.status !== 200 || order.status !== 201) errors[flow]++;
    });
    wall[flow] += performance.now() - start;
    count[flow] += perBatch;
  }
  const perSec = (f: "idempotent" | "naive") => round((count[f] / wall[f]) * 1000);
  return { idempotentPerSec: perSec("idempotent"), naivePerSec: perSec("naive"), errors };
}

// (e) resident memory of one instance (its whole process tree) over 30,000 mixed requests.
async function memory(stack: BenchStack) {
  const app = stack.apps[0];
  const shopper = new BenchShopper();
  const { orderId } = await shopper.placeOrder(app.url);
  await shopper.charge(app.url, orderId);
  const chunk = quick ? 2000 : 10_000;
  const rss: number[] = [treeRssMiB(app.child.pid!)];
  let errors = 0;
  for (let c = 0; c < 3; c++) {
    await pool(chunk, 16, async (i) => {
      const kind = i % 10;
      const res =
        kind < 6 ? await shopper.charge(app.url, orderId) : kind < 9 ? await fetch(`${app.url}/api/health`) : await fetch(`${app.url}/api/orders`, { method: "POST", body: "{", headers: { "content-type": "application/json" } });
      await res.arrayBuffer();
      if (res.status >= 500) errors++;
    });
    if (global.gc) global.gc();
    rss.push(treeRssMiB(app.child.pid!));
  }
  return { chunk, rssMiB: rss, errors };
}

async function main() {
  const started = Date.now();
  fs.mkdirSync(RESULTS, { recursive: true });
  say(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const stack = await startBenchStack({ instances: 2, log: say });
  try {
    say("(b) repeat request vs floor…");
    const b = await repeatVsFloor(stack);
    check("b", "repeat p50 / floor p50", b.repeat.p50 / b.floor.p50, "≤ 1.5", b.repeat.p50 / b.floor.p50 <= 1.5);
    check("b", "repeat p99 / floor p99", b.repeat.p99 / b.floor.p99, "≤ 1.5", b.repeat.p99 / b.floor.p99 <= 1.5);

    say("(a) duplicate storm, Stripe +200 ms…");
    const latency = await emulatorControl(stack.emulatorUrl, "POST", "faults", { match: {}, kind: "latency", latencyMs: 200 });
    const stripeCall = await oneStripeCall(stack);
    const ours = await duplicateStorm(stack, "idempotent");
    const naive = await duplicateStorm(stack, "naive");
    await emulatorControl(stack.emulatorUrl, "DELETE", `faults/${latency.id}`);
    const stormBudget = 1.3 * (stripeCall.p50 + b.repeat.p99);
    check("a", "PaymentIntents per order", ours.intentsPerOrder, "= 1", ours.intentsPerOrder === 1);
    check("a", "Stripe create calls per order", ours.createCallsPerOrder, "≤ 1.05", ours.createCallsPerOrder <= 1.05);
    check("a", "5xx responses", ours.summary.errors5xx, "= 0", ours.summary.errors5xx === 0);
    check("a", "storm p99 (ms)", ours.summary.p99, `≤ ${round(stormBudget)} (1.3 × (Stripe call ${stripeCall.p50} + repeat p99 ${b.repeat.p99}))`, ours.summary.p99 <= stormBudget);

    say("(c) fresh-order throughput…");
    const c = await freshOrderThroughput(stack);
    check("c", "fresh orders/s, ours / naive", c.idempotentPerSec / c.naivePerSec, "≥ 0.8", c.idempotentPerSec / c.naivePerSec >= 0.8);

    say("(d) bundle…");
    const d = await measureBundles(stack.apps[0].url);
    const bundleRatio = (d.checkoutBytes - d.stripeBindingsBytes) / d.blankBytes;
    check("d", "checkout JS − Stripe bindings, / blank page JS", bundleRatio, "≤ 1.3", bundleRatio <= 1.3);

    say("(e) memory over 30,000 requests…");
    const e = await memory(stack);
    const growth = e.rssMiB[3] - e.rssMiB[2];
    check("e", "RSS growth, 2nd → 3rd chunk (MiB)", growth, "≤ 5 (no growth beyond noise)", growth <= 5);

    const report = {
      ranAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadavg: os.loadavg() },
      quick,
      a: { stripeCall, ours: { ...ours, samples: undefined }, naive: { ...naive, samples: undefined } },
      b: { repeat: b.repeat, floor: b.floor },
      c,
      d,
      e,
      checks,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    fs.writeFileSync(path.join(RESULTS, "bench.json"), JSON.stringify(report, null, 2) + "\n");
    fs.writeFileSync(
      path.join(RESULTS, "latency.svg"),
      percentileChart("Latency by percentile (log scale)", [
        { name: "(a) storm, idempotent", samplesMs: ours.samples.map((s) => s.ms) },
        { name: "(a) storm, naive", samplesMs: naive.samples.map((s) => s.ms) },
        { name: "(b) repeat request", samplesMs: b.samples.repeat.map((s) => s.ms) },
        { name: "(b) floor (constant JSON)", samplesMs: b.samples.floor.map((s) => s.ms) },
      ]),
    );

    console.log("\nScenario results");
    console.table({
      "(a) storm, idempotent": { p50: ours.summary.p50, p99: ours.summary.p99, "PIs/order": ours.intentsPerOrder, "creates/order": ours.createCallsPerOrder, "5xx": ours.summary.errors5xx },
      "(a) storm, naive": { p50: naive.summary.p50, p99: naive.summary.p99, "PIs/order": naive.intentsPerOrder, "creates/order": naive.createCallsPerOrder, "5xx": naive.summary.errors5xx },
      "(a) one Stripe call": { p50: stripeCall.p50, p99: stripeCall.p99 },
      "(b) repeat request": { p50: b.repeat.p50, p99: b.repeat.p99, "5xx": b.repeat.errors5xx },
      "(b) floor": { p50: b.floor.p50, p99: b.floor.p99 },
    });
    console.log(`(c) fresh orders/s: idempotent ${c.idempotentPerSec}, naive ${c.naivePerSec}; errors ${JSON.stringify(c.errors)}`);
    console.log(`(d) first-load JS: checkout ${d.checkoutBytes} B (Stripe bindings ${d.stripeBindingsBytes} B), blank ${d.blankBytes} B`);
    console.log(`(e) RSS MiB at 0/${e.chunk}/${2 * e.chunk}/${3 * e.chunk} requests: ${e.rssMiB.join(" / ")}; 5xx ${e.errors}`);
    console.log("\nTargets");
    console.table(checks.map((c) => ({ scenario: c.scenario, metric: c.metric, value: c.value, target: c.target, met: c.met ? "yes" : "NO" })));
    console.log(`\nbench/results/bench.json and bench/results/latency.svg written (${report.seconds} s).`);
  } finally {
    await stack.stop();
  }
}

await main();

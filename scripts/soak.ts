// `npm run soak`: minutes of mixed shopper traffic against a stack this script starts on
// loopback (fresh embedded PostgreSQL, the Stripe emulator, `next start`), or against --url.
// Bounded: a fixed number of virtual shoppers, each waiting for its answers. Every answer is
// checked against what that request may get; anything else is an unexpected error. The app's
// RSS is sampled throughout and the last minute compared with the first. At the end the money
// is checked: one PaymentIntent per charged order, every paid card seen as paid.
//
//   npm run soak [-- --minutes 5] [--shoppers 8] [--heap-mb 256] [--url http://127.0.0.1:3000 --pid <app pid>]
//
// The app it starts gets a V8 heap cap (--heap-mb), as a container's memory limit would give it:
// without one V8 grows the heap lazily on a big machine and RSS says nothing about leaks; with
// one, a leak shows as RSS climbing to the cap and the process failing requests.
//
// Exit 0 only with 0 unexpected answers, flat memory and consistent money.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Stripe from "stripe";
import { freePort } from "./db/embedded-postgres";
import { EMULATOR_DEFAULTS } from "../lib/payments/stripe";
import { buildIsFresh, runNextBuild, startNextApp } from "./lib/next-app";
import { treeRssMiB } from "./lib/process-tree";
import { startDatabase, startStripeEmulator } from "./lib/services";

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "5" },
    shoppers: { type: "string", default: "8" },
    url: { type: "string" },
    pid: { type: "string" },
    "heap-mb": { type: "string", default: "256" },
  },
});
const MINUTES = Number(args.minutes);
const SHOPPERS = Number(args.shoppers);
/** Memory is flat if the last minute's median RSS is within this of the first minute's. */
const MAX_RSS_GROWTH = 0.2;
const PRODUCTS = ["ceramic-mug", "linen-tote", "pour-over-kettle", "notebook-set", "desk-lamp", "wool-throw"];

const say = (line: string) => console.log(`[soak] ${line}`);
const cleanups: (() => Promise<void>)[] = [];

interface Tally {
  requests: number;
  unexpected: number;
  byKind: Record<string, number>;
  examples: string[];
}
const tally: Tally = { requests: 0, unexpected: 0, byKind: {}, examples: [] };

async function main(): Promise<number> {
  const stack = args.url ? externalStack(args.url) : await startStack();
  const stripe = stack.emulatorUrl ? emulatorClient(stack.emulatorUrl) : null;
  say(`Traffic for ${MINUTES} min from ${SHOPPERS} shoppers against ${stack.url}${stack.pid ? ` (app pid ${stack.pid})` : ""}.`);

  const samples: { at: number; rssMb: number }[] = [];
  const started = Date.now();
  const endAt = started + MINUTES * 60_000;
  const sampler = setInterval(() => {
    if (stack.pid) samples.push({ at: Date.now() - started, rssMb: treeRssMiB(stack.pid) });
  }, 5_000);
  const charged = new Set<string>();
  const paidByCard = new Set<string>();
  await Promise.all(
    Array.from({ length: SHOPPERS }, (_, i) => shopperLoop(i, stack.url, stripe, endAt, charged, paidByCard)),
  );
  clearInterval(sampler);
  if (stack.pid) samples.push({ at: Date.now() - started, rssMb: treeRssMiB(stack.pid) });

  const memory = memoryVerdict(samples);
  const money = stripe && stack.checkMoney ? await stack.checkMoney(charged, paidByCard) : null;
  const report = {
    minutes: MINUTES,
    shoppers: SHOPPERS,
    requests: tally.requests,
    requestsPerSecond: Math.round(tally.requests / ((Date.now() - started) / 1000)),
    unexpected: tally.unexpected,
    unexpectedExamples: tally.examples,
    byKind: tally.byKind,
    ordersCharged: charged.size,
    ordersPaidByCard: paidByCard.size,
    heapCapMb: args.url ? null : Number(args["heap-mb"]),
    memory,
    money,
  };
  console.log(JSON.stringify(report, null, 2));
  const ok = tally.unexpected === 0 && (memory?.flat ?? true) && (money?.ok ?? true);
  say(ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}

/** One virtual shopper: place, pay (sometimes twice, sometimes declined), look, and misbehave a little. */
async function shopperLoop(index: number, base: string, stripe: Stripe | null, endAt: number, charged: Set<string>, paid: Set<string>) {
  for (let n = 0; Date.now() < endAt; n++) {
    // Each order comes from a shopper of its own (an address as a proxy would report it), so the
    // per-client limits see many people, as in a shop, not one machine placing thousands.
    const client = { "x-forwarded-for": `10.77.${index}.${n % 250}` };
    const items = [{ productId: PRODUCTS[(index + n) % PRODUCTS.length], quantity: 1 + (n % 3) }];
    const orderKey = crypto.randomUUID();
    const placed = await call("place order", [201], () => post(base, "/api/orders", { items }, { ...client, "idempotency-key": orderKey }));
    if (!placed) continue;
    const cookie = placed.headers.get("set-cookie")?.split(";")[0] ?? "";
    const { orderId } = placed.body as { orderId: string };
    if (n % 5 === 0) await call("double-clicked place order (replay)", [201], () => post(base, "/api/orders", { items }, { ...client, "idempotency-key": orderKey }));

    const chargeKey = crypto.randomUUID();
    const chargeOnce = () => post(base, "/api/charge", { orderId }, { ...client, cookie, "idempotency-key": chargeKey });
    // Every fourth order gets a concurrent duplicate, as a double click or an eager retry would send.
    const answers = await Promise.all(
      (n % 4 === 0 ? [0, 1] : [0]).map(() => call("charge", [200, 409], chargeOnce)),
    );
    const intent = answers.find((a) => a?.status === 200)?.body as { paymentIntentId: string } | undefined;
    if (!intent) continue;
    charged.add(orderId);

    await call("checkout page", [200], () => fetch(`${base}/checkout/${orderId}`, { headers: { cookie } }));
    if (n % 7 === 0) await call("someone else's order (404)", [404], () => post(base, "/api/charge", { orderId }, { ...client }));
    if (n % 11 === 0) await call("malformed JSON (400)", [400], () => fetch(`${base}/api/orders`, { method: "POST", headers: { "content-type": "application/json", ...client }, body: "{" }));
    if (n % 13 === 0) await call("shop page", [200], () => fetch(`${base}/`));

    if (stripe) {
      const declined = n % 5 === 4;
      try {
        await stripe.paymentIntents.confirm(intent.paymentIntentId, { payment_method: declined ? "pm_card_visa_chargeDeclined" : "pm_card_visa" });
        if (!declined) paid.add(orderId);
      } catch (err) {
        if (!declined) unexpected("confirm at Stripe", String((err as Error).message));
      }
      await call("return page", [200], () => fetch(`${base}/checkout/${orderId}/complete?payment_intent=${intent.paymentIntentId}`, { headers: { cookie } }));
    }
  }
}

async function call(kind: string, expected: number[], send: () => Promise<Response>): Promise<{ status: number; body: unknown; headers: Headers } | null> {
  tally.requests++;
  tally.byKind[kind] = (tally.byKind[kind] ?? 0) + 1;
  try {
    const res = await send();
    const text = await res.text();
    if (!expected.includes(res.status)) {
      unexpected(kind, `HTTP ${res.status} ${text.slice(0, 200)}`);
      return null;
    }
    const isJson = res.headers.get("content-type")?.includes("json");
    return { status: res.status, body: isJson ? JSON.parse(text) : text, headers: res.headers };
  } catch (err) {
    unexpected(kind, (err as Error).message);
    return null;
  }
}

function unexpected(kind: string, detail: string) {
  tally.unexpected++;
  if (tally.examples.length < 10) tally.examples.push(`${kind}: ${detail}`);
}

function post(base: string, p: string, body: unknown, headers: Record<string, string>) {
  return fetch(`${base}${p}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

function memoryVerdict(samples: { at: number; rssMb: number }[]) {
  if (samples.length < 4) return null;
  const window = Math.min(60_000, samples.at(-1)!.at / 3);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const first = median(samples.filter((s) => s.at <= window).map((s) => s.rssMb));
  const last = median(samples.filter((s) => s.at >= samples.at(-1)!.at - window).map((s) => s.rssMb));
  const growth = (last - first) / first;
  return {
    windowSeconds: Math.round(window / 1000),
    firstMinuteMedianMb: first,
    lastMinuteMedianMb: last,
    maxMb: Math.max(...samples.map((s) => s.rssMb)),
    growthPercent: Math.round(growth * 1000) / 10,
    flat: growth <= MAX_RSS_GROWTH,
    samplesMb: samples.filter((_, i) => i % 6 === 0).map((s) => s.rssMb),
  };
}

function emulatorClient(url: string): Stripe {
  const u = new URL(url);
  return new Stripe(EMULATOR_DEFAULTS.secretKey, { host: u.hostname, port: Number(u.port), protocol: u.protocol.replace(":", "") as "http", maxNetworkRetries: 2 });
}

interface Stack {
  url: string;
  pid?: number;
  emulatorUrl?: string;
  checkMoney?: (charged: Set<string>, paid: Set<string>) => Promise<{ ok: boolean; [k: string]: unknown }>;
}

function externalStack(url: string): Stack {
  return { url: url.replace(/\/$/, ""), pid: args.pid ? Number(args.pid) : undefined, emulatorUrl: process.env.STRIPE_EMULATOR_URL };
}

async function startStack(): Promise<Stack> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chargeonce-soak-"));
  fs.chmodSync(tmp, 0o755);
  cleanups.push(async () => fs.rmSync(tmp, { recursive: true, force: true }));
  const database = await startDatabase({ dataDir: path.join(tmp, "postgres"), port: await freePort() });
  if (database.embedded) cleanups.push(() => database.embedded!.stop());
  const appPort = await freePort();
  const { url: emulatorUrl, emulator } = await startStripeEmulator({
    port: await freePort(),
    webhookUrl: `http://127.0.0.1:${appPort}/api/webhooks/stripe`,
    webhookSecret: EMULATOR_DEFAULTS.webhookSecret,
  });
  cleanups.push(() => emulator.close());
  if (!buildIsFresh()) {
    say("Building the app…");
    await runNextBuild();
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    STRIPE_EMULATOR_URL: emulatorUrl,
    STRIPE_WEBHOOK_SECRET: EMULATOR_DEFAULTS.webhookSecret,
    SESSION_SECRET: crypto.randomBytes(32).toString("base64url"),
    ADMIN_PASSWORD: crypto.randomBytes(16).toString("base64url"),
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=${Number(args["heap-mb"])}`.trim(),
  };
  delete env.STRIPE_SECRET_KEY;
  delete env.CHARGEONCE_TEST_MODE;
  const app = await startNextApp({ port: appPort, env });
  cleanups.push(() => app.stop());

  const { db } = await import("../lib/db");
  return {
    url: app.url,
    pid: app.child.pid,
    emulatorUrl,
    async checkMoney(charged, paid) {
      // Webhooks may still be in flight: wait (bounded) for every card payment to land.
      const deadline = Date.now() + 60_000;
      let paidInDb = 0;
      while (Date.now() < deadline) {
        paidInDb = await db.order.count({ where: { id: { in: [...paid] }, status: "paid" } });
        if (paidInDb === paid.size) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const counters = (await (await fetch(`${emulatorUrl}/_emulator/counters`)).json()) as { paymentIntentsCreated: number };
      const withIntent = await db.order.count({ where: { paymentIntentId: { not: null } } });
      return {
        ok: counters.paymentIntentsCreated === charged.size && withIntent === charged.size && paidInDb === paid.size,
        paymentIntentsCreated: counters.paymentIntentsCreated,
        ordersWithPaymentIntent: withIntent,
        ordersPaid: paidInDb,
      };
    },
  };
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`[soak] ${(err as Error).stack ?? err}`);
}
for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
process.exit(code);

// `npm run chaos`: a bounded storm of duplicated, concurrent, retried and aborted charge
// requests against a running ChargeOnce (loopback only), then the Stripe check of every order.
// Exits 1 on any duplicate charge, any order with more than one PaymentIntent, or any 5xx.
//
//   npm run chaos -- [--url http://localhost:3000] [--orders 200] [--dup 10] [--concurrency 8]
//                    [--pay-share 0.5] [--max-seconds 600] [--json report.json]
//
// Env: CHAOS_URL (as --url); STRIPE_SECRET_KEY (real Stripe, test mode), else the emulator at
// STRIPE_EMULATOR_URL (default http://127.0.0.1:12111) with its fixed test key.
import "dotenv/config";
import crypto from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import Stripe from "stripe";
import { CATALOG } from "../lib/orders/catalog-data";
import { EMULATOR_DEFAULTS } from "../lib/payments/stripe";

const LIMITS = { orders: 5_000, dup: 100, concurrency: 64, maxSeconds: 3_600 };
const REQUEST_TIMEOUT_MS = 30_000;
const SHOPPER_COOKIE = "chargeonce_shopper";

interface Options {
  url: string;
  orders: number;
  dup: number;
  concurrency: number;
  payShare: number;
  maxSeconds: number;
  json?: string;
}

interface OrderResult {
  orderId: string;
  paid: boolean;
  paymentIntentIds: Set<string>;
}

interface Report {
  url: string;
  stripe: "stripe" | "emulator";
  options: Omit<Options, "url" | "json">;
  durationSeconds: number;
  orders: number;
  ordersPaidAtStripe: number;
  requests: number;
  aborted: number;
  responsesByStatus: Record<string, number>;
  refusalsByCode: Record<string, number>;
  paymentIntents: number;
  ordersWithExtraPaymentIntents: string[];
  succeededCharges: number;
  duplicateCharges: number;
  ordersWithDuplicateCharges: string[];
  serverErrors: number;
  errors: string[];
  ok: boolean;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      url: { type: "string", default: process.env.CHAOS_URL ?? "http://localhost:3000" },
      orders: { type: "string", default: "200" },
      dup: { type: "string", default: "10" },
      concurrency: { type: "string", default: "8" },
      "pay-share": { type: "string", default: "0.5" },
      "max-seconds": { type: "string", default: "600" },
      json: { type: "string" },
    },
  });
  const int = (name: string, raw: string, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be an integer from 1 to ${max}`);
    return n;
  };
  const url = new URL(values.url!);
  // A storm is for your own machine: never point it at someone else's server.
  if (!["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)) throw new Error(`--url must be a loopback address, not ${url.hostname}`);
  const payShare = Number(values["pay-share"]);
  if (!(payShare >= 0 && payShare <= 1)) throw new Error("--pay-share must be between 0 and 1");
  return {
    url: url.origin,
    orders: int("orders", values.orders!, LIMITS.orders),
    dup: int("dup", values.dup!, LIMITS.dup),
    concurrency: int("concurrency", values.concurrency!, LIMITS.concurrency),
    payShare,
    maxSeconds: int("max-seconds", values["max-seconds"]!, LIMITS.maxSeconds),
    json: values.json,
  };
}

function stripeClient(): { stripe: Stripe; mode: Report["stripe"] } {
  if (process.env.STRIPE_SECRET_KEY) return { stripe: new Stripe(process.env.STRIPE_SECRET_KEY, { maxNetworkRetries: 3 }), mode: "stripe" };
  const emulator = new URL(process.env.STRIPE_EMULATOR_URL ?? EMULATOR_DEFAULTS.url);
  const stripe = new Stripe(EMULATOR_DEFAULTS.secretKey, {
    host: emulator.hostname,
    port: Number(emulator.port),
    protocol: emulator.protocol.replace(":", "") as "http",
    maxNetworkRetries: 3,
  });
  return { stripe, mode: "emulator" };
}

/** Counts what the app answered. */
class Tally {
  requests = 0;
  aborted = 0;
  byStatus: Record<string, number> = {};
  byCode: Record<string, number> = {};
  errors: string[] = [];

  response(status: number, body: unknown) {
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    const code = (body as { error?: { code?: string } } | null)?.error?.code;
    if (status >= 400 && code) this.byCode[code] = (this.byCode[code] ?? 0) + 1;
  }

  get serverErrors() {
    return Object.entries(this.byStatus).reduce((n, [status, count]) => n + (Number(status) >= 500 ? count : 0), 0);
  }
}

/** One simulated browser: its own cookie jar, so the orders it places are its own. */
class Shopper {
  private cookie = "";
  constructor(private readonly base: string, private readonly tally: Tally) {}

  async post(path: string, body: unknown, opts: { key?: string; abortAfterMs?: number } = {}) {
    this.tally.requests++;
    const abort = new AbortController();
    const timer = opts.abortAfterMs === undefined ? undefined : setTimeout(() => abort.abort(), opts.abortAfterMs);
    try {
      const res = await fetch(`${this.base}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(opts.key ? { "idempotency-key": opts.key } : {}),
          ...(this.cookie ? { cookie: this.cookie } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SHOPPER_COOKIE}=`));
      if (setCookie) this.cookie = setCookie.split(";")[0];
      const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
      this.tally.response(res.status, json);
      return { status: res.status, body: json };
    } catch (err) {
      if (abort.signal.aborted) {
        this.tally.aborted++;
        return null;
      }
      this.tally.errors.push(`${path}: ${(err as Error).message}`);
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}

const key = (kind: string) => `chaos_${kind}_${crypto.randomUUID()}`;
const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)];

/**
 * One order's storm: K charge requests fired together — some sharing one Idempotency-Key,
 * some with keys of their own, some aborted mid-flight, some retried after an answer with the
 * key they used — and, for a share of orders, the payment confirmed at Stripe while a second
 * wave of requests is still arriving.
 */
async function stormOrder(opts: Options, stripe: Stripe, tally: Tally, pay: boolean): Promise<OrderResult | null> {
  const shopper = new Shopper(opts.url, tally);
  const product = pick(CATALOG);
  const placed = await shopper.post("/api/orders", { items: [{ productId: product.id, quantity: 1 + Math.floor(Math.random() * 3) }] }, { key: key("order") });
  const orderId = placed?.status === 201 ? (placed.body?.orderId as string) : undefined;
  if (!orderId) {
    tally.errors.push(`placing an order: HTTP ${placed?.status ?? "no answer"}`);
    return null;
  }
  const result: OrderResult = { orderId, paid: false, paymentIntentIds: new Set() };
  const seen = (answer: Awaited<ReturnType<Shopper["post"]>>) => {
    const id = answer?.status === 200 ? (answer.body?.paymentIntentId as string | undefined) : undefined;
    if (id) result.paymentIntentIds.add(id);
    return answer;
  };

  const sharedKey = key("charge");
  const charge = (i: number) => {
    switch (i % 4) {
      case 0: // duplicates of one request, concurrently
        return shopper.post("/api/charge", { orderId }, { key: sharedKey }).then(seen);
      case 1: // another tab or a fresh attempt: its own key
        return shopper.post("/api/charge", { orderId }, { key: key("charge") }).then(seen);
      case 2: // aborted mid-flight by the browser; the server may still run it
        return shopper.post("/api/charge", { orderId }, { key: key("charge"), abortAfterMs: Math.random() * 40 }).then(seen);
      default: {
        // a client retry: same key again once the first answer (or timeout) is in
        const retryKey = key("charge");
        return shopper.post("/api/charge", { orderId }, { key: retryKey }).then(seen).then(() => shopper.post("/api/charge", { orderId }, { key: retryKey }).then(seen));
      }
    }
  };
  const firstWave = Math.ceil(opts.dup / 2);
  await Promise.all(Array.from({ length: firstWave }, (_, i) => charge(i)));

  const secondWave = Promise.all(Array.from({ length: opts.dup - firstWave }, (_, i) => charge(firstWave + i)));
  if (pay && result.paymentIntentIds.size > 0) {
    const intentId = [...result.paymentIntentIds][0];
    try {
      const intent = await stripe.paymentIntents.confirm(
        intentId,
        { payment_method: "pm_card_visa", return_url: `${opts.url}/checkout/${orderId}/complete` },
        { idempotencyKey: `chaos:confirm:${intentId}` },
      );
      result.paid = intent.status === "succeeded";
    } catch (err) {
      tally.errors.push(`confirming ${intentId} at Stripe: ${(err as Error).message}`);
    }
  }
  await secondWave;
  return result;
}

/** Stripe's view of one order: every PaymentIntent it knows for it and their succeeded charges. */
async function checkOrder(stripe: Stripe, order: OrderResult) {
  const ids = new Set(order.paymentIntentIds);
  // Search lags on real Stripe; the ids the app answered with are listed directly.
  for await (const pi of stripe.paymentIntents.search({ query: `metadata['orderId']:'${order.orderId}'`, limit: 100 })) ids.add(pi.id);
  let succeeded = 0;
  for (const id of ids) {
    for await (const charge of stripe.charges.list({ payment_intent: id, limit: 100 })) if (charge.status === "succeeded") succeeded++;
  }
  return { paymentIntents: ids.size, succeeded };
}

async function pool<T, R>(items: T[], concurrency: number, run: (item: T) => Promise<R>, onDone: () => void): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await run(items[i]);
        onDone();
      }
    }),
  );
  return results;
}

function progress(label: string, total: number) {
  let done = 0;
  const draw = () => {
    if (!process.stderr.isTTY) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`);
    if (done === total) process.stderr.write("\n");
  };
  draw();
  return () => {
    done++;
    draw();
  };
}

function printTable(r: Report) {
  const rows: [string, string | number][] = [
    ["orders", r.orders],
    ["requests", r.requests],
    ["  aborted by the client", r.aborted],
    ["  answers by status", Object.entries(r.responsesByStatus).map(([s, n]) => `${s}: ${n}`).join(", ")],
    ["PaymentIntents", r.paymentIntents],
    ["orders with >1 PaymentIntent", r.ordersWithExtraPaymentIntents.length],
    ["orders paid at Stripe", r.ordersPaidAtStripe],
    ["succeeded charges", r.succeededCharges],
    ["duplicate charges", r.duplicateCharges],
    ["5xx responses", r.serverErrors],
    ["duration", `${r.durationSeconds} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nChaos against ${r.url} (${r.stripe}): ${r.options.orders} orders × ${r.options.dup} charge requests`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  if (Object.keys(r.refusalsByCode).length) console.log(`  4xx codes: ${Object.entries(r.refusalsByCode).map(([c, n]) => `${c} ${n}`).join(", ")}`);
  for (const e of r.errors.slice(0, 10)) console.log(`  error: ${e}`);
  console.log(r.ok ? "\nOK: no duplicate charge, one PaymentIntent per order, no 5xx." : "\nFAILED: see above.");
}

async function main(): Promise<number> {
  const opts = parseOptions();
  const { stripe, mode } = stripeClient();
  const health = await fetch(`${opts.url}/api/health`).catch(() => null);
  if (!health?.ok) throw new Error(`No ChargeOnce answering at ${opts.url} (start it with npm start).`);

  const started = Date.now();
  const deadline = started + opts.maxSeconds * 1000;
  const tally = new Tally();
  const plan = Array.from({ length: opts.orders }, (_, i) => i < Math.round(opts.orders * opts.payShare));
  const stormed = await pool(
    plan,
    opts.concurrency,
    (pay) => (Date.now() < deadline ? stormOrder(opts, stripe, tally, pay) : Promise.resolve(null)),
    progress("storm ", plan.length),
  );
  const orders = stormed.filter((o): o is OrderResult => o !== null);
  if (orders.length < plan.length) tally.errors.push(`${plan.length - orders.length} orders were not stormed (not placed, or --max-seconds reached)`);

  const checks = await pool(orders, 8, (o) => checkOrder(stripe, o), progress("stripe", orders.length));
  const extra = orders.filter((_, i) => checks[i].paymentIntents > 1).map((o) => o.orderId);
  const duplicated = orders.filter((_, i) => checks[i].succeeded > 1).map((o) => o.orderId);
  const report: Report = {
    url: opts.url,
    stripe: mode,
    options: { orders: opts.orders, dup: opts.dup, concurrency: opts.concurrency, payShare: opts.payShare, maxSeconds: opts.maxSeconds },
    durationSeconds: Math.round((Date.now() - started) / 100) / 10,
    orders: orders.length,
    ordersPaidAtStripe: checks.filter((c) => c.succeeded > 0).length,
    requests: tally.requests,
    aborted: tally.aborted,
    responsesByStatus: tally.byStatus,
    refusalsByCode: tally.byCode,
    paymentIntents: checks.reduce((n, c) => n + c.paymentIntents, 0),
    ordersWithExtraPaymentIntents: extra,
    succeededCharges: checks.reduce((n, c) => n + c.succeeded, 0),
    duplicateCharges: checks.reduce((n, c) => n + Math.max(0, c.succeeded - 1), 0),
    ordersWithDuplicateCharges: duplicated,
    serverErrors: tally.serverErrors,
    errors: tally.errors,
    ok: false,
  };
  report.ok = report.duplicateCharges === 0 && extra.length === 0 && report.serverErrors === 0 && orders.length === plan.length;
  printTable(report);
  if (opts.json) fs.writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`chaos: ${(err as Error).message}`);
    process.exit(2);
  },
);

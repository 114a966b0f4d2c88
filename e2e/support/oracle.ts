// The double-charge oracle, asked through the Stripe API so that it works unchanged against
// Stripe test mode: for one order, every PaymentIntent Stripe knows and every succeeded charge.
import pg from "pg";
import Stripe from "stripe";

export interface OrderMoney {
  paymentIntents: Stripe.PaymentIntent[];
  succeededCharges: Stripe.Charge[];
}

export function stripeForTests(): Stripe {
  const secret = process.env.STRIPE_SECRET_KEY;
  if (secret) return new Stripe(secret);
  const emulator = new URL(process.env.STRIPE_EMULATOR_URL ?? "http://127.0.0.1:12111");
  return new Stripe("sk_test_chargeonce_emulator", {
    host: emulator.hostname,
    port: Number(emulator.port),
    protocol: emulator.protocol.replace(":", "") as "http",
  });
}

export async function moneyForOrder(stripe: Stripe, orderId: string): Promise<OrderMoney> {
  const paymentIntents: Stripe.PaymentIntent[] = [];
  for await (const pi of stripe.paymentIntents.search({ query: `metadata['orderId']:'${orderId}'`, limit: 100 })) {
    paymentIntents.push(pi);
  }
  const succeededCharges: Stripe.Charge[] = [];
  for (const pi of paymentIntents) {
    for await (const charge of stripe.charges.list({ payment_intent: pi.id, limit: 100 })) {
      if (charge.status === "succeeded") succeededCharges.push(charge);
    }
  }
  return { paymentIntents, succeededCharges };
}

/**
 * Stripe's search is eventually consistent (up to about a minute in test mode); the
 * emulator's is immediate. Poll until what we expect has appeared, then report what is there.
 */
export async function settledMoneyForOrder(
  stripe: Stripe,
  orderId: string,
  expected: (m: OrderMoney) => boolean,
  timeoutMs = process.env.STRIPE_SECRET_KEY ? 90_000 : 5_000,
): Promise<OrderMoney> {
  const deadline = Date.now() + timeoutMs;
  let money = await moneyForOrder(stripe, orderId);
  while (!expected(money) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    money = await moneyForOrder(stripe, orderId);
  }
  return money;
}

// ---------------------------------------------------------------------------------------
// The verdict every double-charge spec ends with. Asked through the Stripe API (so it works
// against Stripe test mode too) plus the app's own database (DATABASE_URL, which npm test
// provides): the order's status and its charge-request log.

export interface ChargeVerdict {
  orderId: string;
  /** True when every rule holds; `problems` says which did not. */
  ok: boolean;
  problems: string[];
  paymentIntentIds: string[];
  succeededCharges: number;
  /** Stripe's view: succeeded (paid), or the single PaymentIntent's status. */
  stripeStatus: string;
  orderStatus: string | null;
  orderPaymentIntentId: string | null;
  /** POST /api/charge requests logged for the order, by outcome (created, reused, conflict, rejected). */
  chargeRequests: Record<string, number> & { total: number };
  /** Logged requests that did not create the PaymentIntent: the duplicates the app absorbed. */
  absorbedDuplicates: number;
}

export interface VerdictExpectation {
  /** Whether the order should end up paid (one succeeded charge) or unpaid (none). Default: paid. */
  paid?: boolean;
  /** At least this many duplicate charge requests must show in the log. Default 0. */
  absorbedAtLeast?: number;
  /** How long to let webhooks and Stripe's search settle before judging. */
  settleMs?: number;
}

const PAID_ORDER_STATUSES = new Set(["paid", "partially_refunded", "refunded"]);

let pool: pg.Pool | undefined;
function database(): pg.Pool {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: run the e2e suite through npm test.");
  return (pool ??= new pg.Pool({ connectionString, max: 2 }));
}

async function orderRecord(orderId: string) {
  const db = database();
  const order = await db.query<{ status: string; payment_intent_id: string | null }>(
    "SELECT status, payment_intent_id FROM orders WHERE id = $1",
    [orderId],
  );
  const requests = await db.query<{ outcome: string; payment_intent_id: string | null }>(
    "SELECT outcome::text AS outcome, payment_intent_id FROM charge_requests WHERE order_id = $1",
    [orderId],
  );
  return { order: order.rows[0] ?? null, requests: requests.rows };
}

export async function chargeVerdict(stripe: Stripe, orderId: string, expect: VerdictExpectation = {}): Promise<ChargeVerdict> {
  const wantPaid = expect.paid ?? true;
  const money = await moneyForOrder(stripe, orderId);
  const { order, requests } = await orderRecord(orderId);
  const problems: string[] = [];
  const paymentIntentIds = money.paymentIntents.map((pi) => pi.id);
  const succeeded = money.succeededCharges.length;

  if (paymentIntentIds.length !== 1) problems.push(`expected exactly one PaymentIntent, Stripe has ${paymentIntentIds.length}`);
  if (succeeded > 1) problems.push(`${succeeded} succeeded charges: the shopper was charged ${succeeded} times`);
  if (wantPaid && succeeded === 0) problems.push("no succeeded charge, but the shopper paid");
  if (!wantPaid && succeeded > 0) problems.push("a succeeded charge, but the payment should have failed");

  const stripeStatus = succeeded > 0 ? "succeeded" : money.paymentIntents.length === 1 ? money.paymentIntents[0].status : "ambiguous";
  if (!order) {
    problems.push("the order is not in the database");
  } else {
    if (PAID_ORDER_STATUSES.has(order.status) !== succeeded > 0) {
      problems.push(`the order is ${order.status} but Stripe says ${stripeStatus}`);
    }
    if (paymentIntentIds.length === 1 && order.payment_intent_id !== paymentIntentIds[0]) {
      problems.push(`the order points to ${order.payment_intent_id ?? "no PaymentIntent"}, Stripe has ${paymentIntentIds[0]}`);
    }
  }

  const chargeRequests: ChargeVerdict["chargeRequests"] = { total: requests.length };
  for (const r of requests) chargeRequests[r.outcome] = (chargeRequests[r.outcome] ?? 0) + 1;
  const strays = requests.filter((r) => r.payment_intent_id && !paymentIntentIds.includes(r.payment_intent_id));
  if (strays.length) problems.push(`${strays.length} charge requests answered with a PaymentIntent Stripe does not list for the order`);
  if ((chargeRequests.created ?? 0) > 1) problems.push(`${chargeRequests.created} charge requests each created a PaymentIntent`);
  const absorbedDuplicates = requests.length - (chargeRequests.created ?? 0);
  if (absorbedDuplicates < (expect.absorbedAtLeast ?? 0)) {
    problems.push(`the charge-request log shows ${absorbedDuplicates} absorbed duplicates, expected at least ${expect.absorbedAtLeast}`);
  }

  return {
    orderId,
    ok: problems.length === 0,
    problems,
    paymentIntentIds,
    succeededCharges: succeeded,
    stripeStatus,
    orderStatus: order?.status ?? null,
    orderPaymentIntentId: order?.payment_intent_id ?? null,
    chargeRequests,
    absorbedDuplicates,
  };
}

/**
 * Judges the order once webhooks and Stripe's search have had time to settle. Returns early
 * when the verdict holds, or when it can never hold again (a second PaymentIntent or charge
 * cannot disappear), so a failing flow is reported at once.
 */
export async function settledChargeVerdict(stripe: Stripe, orderId: string, expect: VerdictExpectation = {}): Promise<ChargeVerdict> {
  const deadline = Date.now() + (expect.settleMs ?? (process.env.STRIPE_SECRET_KEY ? 90_000 : 10_000));
  for (;;) {
    const verdict = await chargeVerdict(stripe, orderId, expect);
    const irreversible = verdict.paymentIntentIds.length > 1 || verdict.succeededCharges > 1;
    if (verdict.ok || irreversible || Date.now() > deadline) return verdict;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The suite's one oracle: exactly one PaymentIntent, at most one charge, the order agrees. */
export async function expectChargedOnce(stripe: Stripe, orderId: string, expect: VerdictExpectation = {}): Promise<ChargeVerdict> {
  const verdict = await settledChargeVerdict(stripe, orderId, expect);
  if (!verdict.ok) throw new Error(`Charged-once oracle failed for ${orderId}:\n- ${verdict.problems.join("\n- ")}\n${JSON.stringify(verdict, null, 2)}`);
  return verdict;
}

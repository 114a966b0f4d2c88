// Stripe misbehaves: unreachable, slower than our client timeout, 429, 500. The shopper gets a
// clear, retryable error (503 + Retry-After, code payment_provider_unavailable), the order is left
// payable, and a retry with the same Idempotency-Key converges on one PaymentIntent.
//
// An app of its own with STRIPE_TIMEOUT_MS=1000, so "slower than the timeout" takes a second, not
// the production 20. Faults are scoped to one order's Stripe idempotency key
// (chargeonce:pi:<orderId>), so nothing else using the shared emulator notices them.
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/db/embedded-postgres";
import { startNextApp, type AppProcess } from "../../scripts/lib/next-app";
import { moneyForOrder, stripeForTests } from "../../e2e/support/oracle";
import { db, newOrder } from "../helpers/db";
import { emulator, waitFor } from "../helpers/emulator";

const STRIPE_TIMEOUT_MS = 1_000;
let app: AppProcess;
let stripe: Stripe;
const faultIds: string[] = [];

beforeAll(async () => {
  stripe = stripeForTests();
  app = await startNextApp({ port: await freePort(), env: { ...process.env, STRIPE_TIMEOUT_MS: String(STRIPE_TIMEOUT_MS), DATABASE_POOL_SIZE: "3" } });
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

/** Only this file's faults: other suites may have their own. */
async function clearMyFaults() {
  for (const id of faultIds.splice(0)) await fetch(`${process.env.STRIPE_EMULATOR_URL}/_emulator/faults/${id}`, { method: "DELETE" });
}
afterEach(clearMyFaults);

async function addFault(orderId: string, fault: Record<string, unknown>) {
  const { id } = await emulator.addFault({ ...fault, match: { idempotencyKeyPrefix: `chargeonce:pi:${orderId}` } });
  faultIds.push(id);
}

function charge(orderId: string, key: string) {
  return fetch(`${app.url}/api/charge`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({ orderId }),
  });
}

async function expectConvergesAfterRetry(orderId: string, key: string) {
  // What the browser's retry wrapper does: same key, until a final answer.
  const retried = await waitFor(
    async () => {
      const res = await charge(orderId, key);
      return { status: res.status, body: await res.json() };
    },
    (r) => r.status !== 409 && r.status !== 503,
    15_000,
  );
  expect(retried.status, JSON.stringify(retried.body)).toBe(200);
  const money = await moneyForOrder(stripe, orderId);
  expect(money.paymentIntents.map((pi) => pi.id)).toEqual([retried.body.paymentIntentId]);
  const stored = await db.order.findUniqueOrThrow({ where: { id: orderId } });
  expect(stored.paymentIntentId).toBe(retried.body.paymentIntentId);
  // awaiting_payment when the retry stored the id itself; pending when the payment_intent.created
  // webhook adopted the intent first (the timed-out request had not stored it). Payable either way.
  expect(["awaiting_payment", "pending"]).toContain(stored.status);
  expect(retried.body.clientSecret).toBe(money.paymentIntents[0].client_secret);
}

async function expectUnavailable(res: Response) {
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(503);
  expect(body.error.code).toBe("payment_provider_unavailable");
  expect(body.error.message).toMatch(/payment provider/i);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
}

describe.each([
  { kind: "connection_reset", what: "Stripe unreachable (connection reset)" },
  { kind: "error500", what: "Stripe answers 500" },
  { kind: "rate_limit", what: "Stripe answers 429" },
])("$what", ({ kind }) => {
  it("503 + Retry-After, nothing created, the order still payable; the retry converges", async () => {
    const order = await newOrder([{ productId: "pour-over-kettle", quantity: 1 }]);
    const key = `stripe_${kind}_${order.orderId}`;
    // More failures than the SDK's own retries (2), so the app has to give up and say so.
    await addFault(order.orderId, { kind, count: 10 });

    await expectUnavailable(await charge(order.orderId, key));
    expect((await moneyForOrder(stripe, order.orderId)).paymentIntents).toEqual([]);
    const left = await db.order.findUniqueOrThrow({ where: { id: order.orderId } });
    // The lease is given back so the retry need not wait for it to expire.
    expect(left).toMatchObject({ status: "pending", paymentIntentId: null, paymentIntentLeaseUntil: null });
    // A 5xx is not stored against the key: the retry runs again.
    expect(await db.idempotencyKey.count({ where: { key } })).toBe(0);

    await clearMyFaults(); // Stripe is back
    await expectConvergesAfterRetry(order.orderId, key);
  });
});

describe("Stripe slower than the client timeout", () => {
  it("answers 503 within a few timeouts; Stripe finishes the create meanwhile; the retry gets that same PaymentIntent", async () => {
    const order = await newOrder([{ productId: "wool-throw", quantity: 1 }]);
    const key = `stripe_slow_${order.orderId}`;
    // The first create stalls past the timeout (and then runs); the SDK's retries with the same
    // key meet Stripe's 409 "in use" while it runs.
    await addFault(order.orderId, { kind: "latency", latencyMs: 4 * STRIPE_TIMEOUT_MS, count: 1 });

    const started = Date.now();
    await expectUnavailable(await charge(order.orderId, key));
    expect(Date.now() - started).toBeLessThan(12 * STRIPE_TIMEOUT_MS);

    // Stripe completes the stalled create: exactly one PaymentIntent, which the order does not know yet.
    const money = await waitFor(() => moneyForOrder(stripe, order.orderId), (m) => m.paymentIntents.length > 0, 10_000);
    expect(money.paymentIntents).toHaveLength(1);
    await expectConvergesAfterRetry(order.orderId, key);
  });
});

// The process dies (SIGKILL: a crash, an OOM kill, a deploy that does not wait) at every fault
// point of the charge and webhook paths. For each point: an app started with
// CHARGEONCE_FAULT_POINTS=<point> gets the request and dies there; the client (or Stripe, for
// webhooks) retries against an app without fault points; it must converge — one PaymentIntent,
// the order consistent, nothing lost, nothing applied twice.
//
// All these apps run with PAYMENT_INTENT_LEASE_MS and IDEMPOTENCY_LOCK_TIMEOUT_MS of 1.5 s. The
// dead process left the Idempotency-Key locked and, at some points, the order's creation lease
// held (its length chosen by the holder); a live instance must honour both for as long as the
// request holding them could still be running (10 s and 30 s by default), and only then take
// over. Short values let the test see the takeover in seconds instead of half a minute; the
// logic is the same.
//
// This suite runs its own Stripe emulator with no webhook endpoint, so that it plays Stripe's
// deliveries itself (to the dying app, then to the recovering one), on the shared database.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/db/embedded-postgres";
import { startNextApp, type AppProcess } from "../../scripts/lib/next-app";
import { createEmulator, type Emulator } from "../../stripe-emulator/src/index";
import { FAULT_POINTS, type FaultPoint } from "@/lib/testing/fault-points";
import { db, newOrder } from "../helpers/db";
import { waitFor } from "../helpers/emulator";
import { requireEnv } from "../helpers/env";
import { signWebhook } from "../security/support";

const CHARGE_POINTS = FAULT_POINTS.filter((p) => !p.startsWith("webhook."));
const WEBHOOK_POINTS = FAULT_POINTS.filter((p) => p.startsWith("webhook."));

let emulator: Emulator;
let stripe: Stripe;
let env: NodeJS.ProcessEnv;
let recovery: AppProcess;
const dying = new Map<FaultPoint, AppProcess>();

beforeAll(async () => {
  requireEnv("DATABASE_URL");
  emulator = createEmulator({ webhookEndpoints: [] });
  const { url: emulatorUrl, port } = await emulator.listen(0, "127.0.0.1");
  stripe = new Stripe("sk_test_chargeonce_emulator", { host: "127.0.0.1", port, protocol: "http" });
  env = {
    ...process.env,
    STRIPE_EMULATOR_URL: emulatorUrl,
    DATABASE_POOL_SIZE: "3",
    RECONCILE_INTERVAL_MS: "0",
    OUTBOX_INTERVAL_MS: "0",
    PAYMENT_INTENT_LEASE_MS: "1500",
    IDEMPOTENCY_LOCK_TIMEOUT_MS: "1500",
  };
  // One app per fault point (each dies once), plus the one that recovers; started together.
  const starts = FAULT_POINTS.map(async (point) => {
    dying.set(point, await startNextApp({ port: await freePort(), env: { ...env, CHARGEONCE_FAULT_POINTS: point } }));
  });
  const recoveryStart = (async () => {
    recovery = await startNextApp({ port: await freePort(), env });
  })();
  await Promise.all([...starts, recoveryStart]);
}, 120_000);

afterAll(async () => {
  await Promise.all([...dying.values(), recovery].filter(Boolean).map((a) => a.stop("SIGKILL")));
  await emulator?.close();
});

function charge(app: AppProcess, orderId: string, key: string) {
  return fetch(`${app.url}/api/charge`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({ orderId }),
  });
}

/** What a client does after a lost answer: retry with the same key, honouring 409 + Retry-After. */
async function retryUntilAnswered(send: () => Promise<Response>): Promise<{ status: number; body: any; replayed: boolean; conflicts: number }> {
  let conflicts = 0;
  const res = await waitFor(
    async () => {
      const r = await send();
      if (r.status === 409) conflicts++;
      return { status: r.status, replayed: r.headers.get("idempotent-replayed") === "true", body: await r.json() };
    },
    (r) => r.status !== 409,
    15_000,
  );
  return { ...res, conflicts };
}

async function expectKilled(app: AppProcess, point: FaultPoint, request: Promise<Response>) {
  await expect(request).rejects.toThrow();
  await waitFor(async () => app.child.signalCode, (signal) => signal === "SIGKILL", 5_000);
  expect(app.output()).toContain(`[fault point] ${point}`);
}

async function intentsAtStripe(orderId: string) {
  const found: Stripe.PaymentIntent[] = [];
  for await (const pi of stripe.paymentIntents.search({ query: `metadata['orderId']:'${orderId}'` })) found.push(pi);
  return found;
}

describe("SIGKILL at each fault point of POST /api/charge, then a retry with the same key", () => {
  it.each(CHARGE_POINTS)("%s: one PaymentIntent, the order awaiting payment, the key answered", async (point) => {
    const order = await newOrder([{ productId: "desk-lamp", quantity: 1 }]);
    const key = `kill_${point}_${order.orderId}`;

    await expectKilled(dying.get(point)!, point, charge(dying.get(point)!, order.orderId, key));

    const retried = await retryUntilAnswered(() => charge(recovery, order.orderId, key));
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    // Past the Stripe call the dead request's answer was decided: the retry gets the same one.
    expect(retried.replayed).toBe(point === "idempotency.after_response_stored");

    const intents = await intentsAtStripe(order.orderId);
    expect(intents.map((pi) => pi.id)).toEqual([retried.body.paymentIntentId]);
    expect(intents[0]).toMatchObject({ amount: order.amount, currency: order.currency, status: "requires_payment_method" });
    expect(retried.body.clientSecret).toBe(intents[0].client_secret);

    const stored = await db.order.findUniqueOrThrow({ where: { id: order.orderId }, include: { items: true } });
    expect(stored).toMatchObject({ status: "awaiting_payment", paymentIntentId: intents[0].id, amount: order.amount });
    expect(stored.items).toHaveLength(1);
    // Entered awaiting_payment exactly once, whoever got there.
    const entered = await db.orderEvent.count({ where: { orderId: order.orderId, toStatus: "awaiting_payment" } });
    expect(entered).toBe(1);
    const keyRow = await db.idempotencyKey.findUniqueOrThrow({ where: { scope_key: { scope: "POST /api/charge", key } } });
    expect(keyRow).toMatchObject({ responseStatus: 200, lockedAt: null });

    // And from now on the key is a plain replay.
    const again = await charge(recovery, order.orderId, key);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json()).paymentIntentId).toBe(intents[0].id);
  });
});

describe("SIGKILL at each fault point of the webhook, then Stripe's redelivery", () => {
  it.each(WEBHOOK_POINTS)("%s: the order is paid once, the event stored once and applied", async (point) => {
    const order = await newOrder([{ productId: "notebook-set", quantity: 1 }]);
    const charged = await retryUntilAnswered(() => charge(recovery, order.orderId, `pay_${order.orderId}`));
    expect(charged.status).toBe(200);
    await stripe.paymentIntents.confirm(charged.body.paymentIntentId, { payment_method: "pm_card_visa" });
    const events = await stripe.events.list({ type: "payment_intent.succeeded", limit: 100 });
    const event = events.data.find((e) => (e.data.object as Stripe.PaymentIntent).id === charged.body.paymentIntentId)!;
    expect(event).toBeDefined();
    const payload = JSON.stringify(event);
    const deliver = (app: AppProcess) =>
      fetch(`${app.url}/api/webhooks/stripe`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signWebhook(payload) },
        body: payload,
      });

    await expectKilled(dying.get(point)!, point, deliver(dying.get(point)!));

    const redelivered = await deliver(recovery);
    expect(redelivered.status).toBe(200);
    expect(await redelivered.json()).toMatchObject({ received: true, outcome: "applied", eventId: event.id });
    const duplicate = await deliver(recovery);
    expect(await duplicate.json()).toMatchObject({ outcome: "duplicate" });

    const stored = await db.order.findUniqueOrThrow({ where: { id: order.orderId } });
    expect(stored).toMatchObject({ status: "paid", paymentIntentId: charged.body.paymentIntentId });
    expect(await db.orderEvent.count({ where: { orderId: order.orderId, toStatus: "paid" } })).toBe(1);
    expect(await db.outboxMessage.count({ where: { orderId: order.orderId, kind: "order_confirmed" } })).toBe(1);
    const row = await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(row.processedAt).not.toBeNull();
    expect(row.deliveries).toBeGreaterThanOrEqual(2);
    expect((await intentsAtStripe(order.orderId)).length).toBe(1);
  });
});

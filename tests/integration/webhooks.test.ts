// Webhooks against the emulator's delivery modes: at least once, in any order, verified.
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { reconcileOrder } from "@/lib/payments/reconcile";
import { syncOrderWithPaymentIntent } from "@/lib/payments/sync";
import { EMULATOR_DEFAULTS } from "@/lib/payments/stripe";
import { stripeForTests } from "../../e2e/support/oracle";
import { db, newOrder, orderWithIntent } from "../helpers/db";
import { appUrl } from "../helpers/env";
import { emulator, waitFor } from "../helpers/emulator";

const stripe = stripeForTests();
const secret = process.env.STRIPE_WEBHOOK_SECRET ?? EMULATOR_DEFAULTS.webhookSecret;

afterEach(async () => {
  await emulator.releaseWebhooks();
  await emulator.setWebhookMode("normal");
});


const orderStatus = (orderId: string) => db.order.findUniqueOrThrow({ where: { id: orderId } }).then((o) => o.status);
const outboxRows = (orderId: string) => db.outboxMessage.count({ where: { orderId } });
const paidTransitions = (orderId: string) => db.orderEvent.count({ where: { orderId, kind: "status_changed", toStatus: "paid" } });

function postSigned(payload: string, header: string) {
  return fetch(`${appUrl()}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": header },
    body: payload,
  });
}

function signedHeader(payload: string, timestamp = Math.floor(Date.now() / 1000)) {
  return stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

describe("webhook delivery", () => {
  it("a duplicate delivery is stored once and applied once", async () => {
    await emulator.setWebhookMode("duplicate");
    const { orderId, paymentIntentId } = await orderWithIntent();
    await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_visa" });
    const succeeded = await waitFor(
      () => db.stripeEvent.findMany({ where: { paymentIntentId, type: "payment_intent.succeeded" } }),
      (rows) => rows.length === 1 && rows[0].deliveries === 2 && rows[0].processedAt !== null,
    );
    expect(succeeded).toHaveLength(1);
    expect(await orderStatus(orderId)).toBe("paid");
    expect(await outboxRows(orderId)).toBe(1);
    expect(await paidTransitions(orderId)).toBe(1);
  });

  it("`succeeded` delivered before `processing` leaves the order paid", async () => {
    await emulator.setWebhookMode("reverse");
    const { orderId, paymentIntentId } = await orderWithIntent();
    await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_visa" });
    const { released } = await emulator.releaseWebhooks();
    expect(released).toBeGreaterThanOrEqual(3);
    const events = await waitFor(
      () => db.stripeEvent.findMany({ where: { paymentIntentId }, orderBy: { receivedAt: "asc" } }),
      (rows) => rows.some((r) => r.type === "payment_intent.processing" && r.processedAt) && rows.some((r) => r.type === "payment_intent.succeeded" && r.processedAt),
    );
    const order = events.map((e) => e.type);
    expect(order.indexOf("payment_intent.succeeded")).toBeLessThan(order.indexOf("payment_intent.processing"));
    expect(await orderStatus(orderId)).toBe("paid");
    expect(await db.orderEvent.count({ where: { orderId, kind: "status_changed", toStatus: "processing" } })).toBe(0);
  });

  it("a tampered body is refused with 400 and stored nowhere", async () => {
    const payload = JSON.stringify({ id: `evt_tamper_${Date.now()}`, object: "event", type: "payment_intent.succeeded", data: { object: { object: "payment_intent", id: "pi_x" } } });
    const header = signedHeader(payload);
    const res = await postSigned(payload.replace("pi_x", "pi_y"), header);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_signature");
    expect(await db.stripeEvent.count({ where: { id: JSON.parse(payload).id } })).toBe(0);
  });

  it("a signature five minutes old is refused; a missing one too", async () => {
    const payload = JSON.stringify({ id: `evt_old_${Date.now()}`, object: "event", type: "customer.created", data: { object: { object: "customer" } } });
    const old = await postSigned(payload, signedHeader(payload, Math.floor(Date.now() / 1000) - 301));
    expect(old.status).toBe(400);
    expect((await old.json()).error.code).toBe("invalid_signature");
    const missing = await fetch(`${appUrl()}/api/webhooks/stripe`, { method: "POST", body: payload });
    expect(missing.status).toBe(400);
    const wrongSecret = await postSigned(payload, stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_wrong" }));
    expect(wrongSecret.status).toBe(400);
    expect(await db.stripeEvent.count({ where: { id: JSON.parse(payload).id } })).toBe(0);
  });

  it("an unknown event type is acknowledged and ignored", async () => {
    const id = `evt_unknown_${Date.now()}`;
    const payload = JSON.stringify({ id, object: "event", type: "customer.created", data: { object: { object: "customer", id: "cus_1" } } });
    const res = await postSigned(payload, signedHeader(payload));
    expect(res.status).toBe(200);
    expect((await res.json()).outcome).toBe("ignored");
    const row = await db.stripeEvent.findUniqueOrThrow({ where: { id } });
    expect(row.processedAt).not.toBeNull();
  });

  it("an event for a PaymentIntent no order knows is kept, and applied once its order appears", async () => {
    const orderId = `ord_later${Date.now()}`;
    const intent = await stripe.paymentIntents.create({ amount: 1800, currency: "usd", metadata: { orderId } });
    const id = `evt_orphan_${Date.now()}`;
    const payload = JSON.stringify({ id, object: "event", type: "payment_intent.created", data: { object: intent } });
    const res = await postSigned(payload, signedHeader(payload));
    expect(res.status).toBe(200);
    expect((await res.json()).outcome).toBe("pending");
    const row = await db.stripeEvent.findUniqueOrThrow({ where: { id } });
    expect(row.processedAt).toBeNull();
    expect(row.pendingReason).toMatch(/no order/);

    // Redelivered: retried, still pending, not lost and not duplicated.
    const again = await postSigned(payload, signedHeader(payload));
    expect((await again.json()).outcome).toBe("pending");
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id } })).deliveries).toBe(2);

    // Its order shows up (written late); the reconciler adopts the PaymentIntent and applies the event.
    await db.order.create({ data: { id: orderId, amount: 1800, currency: "usd" } });
    const actions = await reconcileOrder({ db, stripe }, orderId);
    expect(actions.map((a) => a.kind)).toEqual(expect.arrayContaining(["adopted_orphan", "applied_pending_event"]));
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id } })).processedAt).not.toBeNull();
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentIntentId).toBe(intent.id);
  });

  it("an event whose order has not saved its PaymentIntent yet adopts it", async () => {
    const order = await newOrder();
    const intent = await stripe.paymentIntents.create({ amount: order.amount, currency: order.currency, metadata: { orderId: order.orderId } });
    await stripe.paymentIntents.confirm(intent.id, { payment_method: "pm_card_visa" });
    const paid = await waitFor(() => db.order.findUniqueOrThrow({ where: { id: order.orderId } }), (o) => o.status === "paid");
    expect(paid.paymentIntentId).toBe(intent.id);
    expect(await db.orderEvent.count({ where: { orderId: order.orderId, kind: "payment_intent_adopted" } })).toBe(1);
  });

  it("the return page and the webhook finalizing at once leave one outbox row", async () => {
    await emulator.setWebhookMode("hold");
    const { orderId, paymentIntentId } = await orderWithIntent();
    await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_visa" });
    const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
    await emulator.setWebhookMode("duplicate");
    await Promise.all([
      emulator.releaseWebhooks(),
      ...Array.from({ length: 5 }, () => fetch(`${appUrl()}/checkout/${orderId}/complete?payment_intent=${paymentIntentId}`)),
      ...Array.from({ length: 5 }, () => syncOrderWithPaymentIntent(db, orderId, intent, "test")),
    ]);
    await waitFor(
      () => db.stripeEvent.findMany({ where: { paymentIntentId, type: "payment_intent.succeeded" } }),
      (rows) => rows.length === 1 && rows[0].processedAt !== null,
    );
    expect(await orderStatus(orderId)).toBe("paid");
    expect(await outboxRows(orderId)).toBe(1);
    expect(await paidTransitions(orderId)).toBe(1);
  });

  it("a failed payment is recorded, and a late failure event never undoes paid", async () => {
    const { orderId, paymentIntentId } = await orderWithIntent();
    await expect(stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_chargeDeclined" })).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    await waitFor(() => orderStatus(orderId), (s) => s === "payment_failed");
    await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_visa" });
    await waitFor(() => orderStatus(orderId), (s) => s === "paid");
    // Replay the old failure event, as a late delivery would.
    const failed = await db.stripeEvent.findFirstOrThrow({ where: { paymentIntentId, type: "payment_intent.payment_failed" } });
    const payload = JSON.stringify({ ...(failed.payload as object), id: `${failed.id}_late` });
    expect((await postSigned(payload, signedHeader(payload))).status).toBe(200);
    expect(await orderStatus(orderId)).toBe("paid");
  });
});

import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { ensurePaymentIntent, paymentIntentIdempotencyKey } from "@/lib/payments/charge";
import { handleChargeRequest } from "@/lib/payments/charge-request";
import { createStripeClient, stripeSettings } from "@/lib/payments/stripe";
import { moneyForOrder } from "../../e2e/support/oracle";
import { db, newOrder } from "../helpers/db";
import { requireEnv } from "../helpers/env";

requireEnv("STRIPE_EMULATOR_URL");
const stripe = createStripeClient(stripeSettings());
const deps = { db, stripe };

async function expectAppError(promise: Promise<unknown>, code: string) {
  const err = await promise.then(
    () => null,
    (e) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
}

describe("one PaymentIntent per order", () => {
  it("creates it once and then returns the same client secret", async () => {
    const order = await newOrder();
    const first = await ensurePaymentIntent(deps, order.orderId);
    const second = await ensurePaymentIntent(deps, order.orderId);
    expect(first.outcome).toBe("created");
    expect(second).toMatchObject({ outcome: "reused", paymentIntentId: first.paymentIntentId, clientSecret: first.clientSecret });

    const stored = await db.order.findUniqueOrThrow({ where: { id: order.orderId } });
    expect(stored.paymentIntentId).toBe(first.paymentIntentId);
    expect(stored.status).toBe("awaiting_payment");

    const intent = await stripe.paymentIntents.retrieve(first.paymentIntentId);
    expect(intent).toMatchObject({ amount: order.amount, currency: order.currency, metadata: { orderId: order.orderId } });
    expect((await moneyForOrder(stripe, order.orderId)).paymentIntents).toHaveLength(1);
  });

  it("creates one PaymentIntent for 25 concurrent requests", async () => {
    const order = await newOrder([{ productId: "desk-lamp", quantity: 1 }]);
    const results = await Promise.all(Array.from({ length: 25 }, () => ensurePaymentIntent(deps, order.orderId)));
    expect(new Set(results.map((r) => r.paymentIntentId)).size).toBe(1);
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(1);
    expect((await moneyForOrder(stripe, order.orderId)).paymentIntents).toHaveLength(1);
  });

  it("converges on the same PaymentIntent after a crash between Stripe's answer and the save", async () => {
    const order = await newOrder();
    // The first attempt reached Stripe, then the process died before writing the order row.
    const orphan = await stripe.paymentIntents.create(
      { amount: order.amount, currency: order.currency, metadata: { orderId: order.orderId }, automatic_payment_methods: { enabled: true } },
      { idempotencyKey: paymentIntentIdempotencyKey({ id: order.orderId, amount: order.amount, currency: order.currency }) },
    );
    const retried = await ensurePaymentIntent(deps, order.orderId);
    expect(retried.paymentIntentId).toBe(orphan.id);
    expect((await moneyForOrder(stripe, order.orderId)).paymentIntents).toHaveLength(1);
  });

  it("refuses a tampered amount, a paid order and an unknown order", async () => {
    const order = await newOrder();
    await expectAppError(ensurePaymentIntent(deps, order.orderId, { claimedAmount: order.amount - 1 }), "amount_mismatch");
    await expectAppError(ensurePaymentIntent(deps, "ord_doesnotexist"), "order_not_found");
    await db.order.update({ where: { id: order.orderId }, data: { status: "paid" } });
    await expectAppError(ensurePaymentIntent(deps, order.orderId), "order_already_paid");
    expect((await moneyForOrder(stripe, order.orderId)).paymentIntents).toHaveLength(0);
  });

  it("answers 503-style when Stripe is unreachable, and frees the order for the next try", async () => {
    const order = await newOrder();
    const unreachable = new Stripe("sk_test_x", { host: "127.0.0.1", port: 1, protocol: "http", maxNetworkRetries: 0 });
    await expectAppError(ensurePaymentIntent({ db, stripe: unreachable }, order.orderId), "payment_provider_unavailable");
    const row = await db.order.findUniqueOrThrow({ where: { id: order.orderId } });
    expect(row.paymentIntentLeaseUntil).toBeNull();
    expect((await ensurePaymentIntent(deps, order.orderId)).outcome).toBe("created");
  });
});

describe("charge request log and request idempotency", () => {
  it("records created, reused, replayed and mismatched requests", async () => {
    const order = await newOrder();
    const key = `test_${crypto.randomUUID()}`;
    const a = await handleChargeRequest(deps, { orderId: order.orderId }, key);
    const b = await handleChargeRequest(deps, { orderId: order.orderId }, key);
    const c = await handleChargeRequest(deps, { orderId: order.orderId }, null);
    const d = await handleChargeRequest(deps, { orderId: order.orderId, amount: 1 }, key);
    expect(a).toMatchObject({ status: 200, replayed: false });
    expect(b).toMatchObject({ status: 200, replayed: true, body: a.body });
    expect(c).toMatchObject({ status: 200, replayed: false });
    expect(d.status).toBe(422);
    expect((d.body as { error: { code: string } }).error.code).toBe("idempotency_key_reused");

    const log = await db.chargeRequest.findMany({ where: { orderId: order.orderId }, orderBy: { id: "asc" } });
    expect(log.map((r) => [r.outcome, r.detail])).toEqual([
      ["created", null],
      ["reused", "idempotent_replay"],
      ["reused", null],
      ["rejected", "idempotency_key_reused"],
    ]);
  });
});

describe("request keys are scoped per shopper", () => {
  it("another browser presenting the owner's Idempotency-Key gets no replay of the client secret", async () => {
    const { placeOrder } = await import("@/lib/orders/create-order");
    const order = await placeOrder(db, [{ productId: "ceramic-mug", quantity: 1 }], { ownerHash: "owner-hash" });
    const key = `shared_${crypto.randomUUID()}`;
    const owner = await handleChargeRequest(deps, { orderId: order.orderId }, key, "owner-hash");
    expect(owner.status).toBe(200);
    for (const stranger of ["stranger-hash", null]) {
      const res = await handleChargeRequest(deps, { orderId: order.orderId }, key, stranger);
      expect(res).toMatchObject({ status: 404, replayed: false });
    }
    const again = await handleChargeRequest(deps, { orderId: order.orderId }, key, "owner-hash");
    expect(again).toMatchObject({ status: 200, replayed: true, body: owner.body });
  });
});

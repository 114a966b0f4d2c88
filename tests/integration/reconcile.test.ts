// The reconciler repairs what lost webhooks and crashes leave behind, and catches a second
// successful charge for one order.
import { afterEach, describe, expect, it } from "vitest";
import { paymentIntentIdempotencyKey } from "@/lib/payments/charge";
import { formatSummary, reconcileAll, reconcileOrder } from "@/lib/payments/reconcile";
import { moneyForOrder, stripeForTests } from "../../e2e/support/oracle";
import { db, newOrder } from "../helpers/db";
import { appUrl } from "../helpers/env";
import { emulator, waitFor } from "../helpers/emulator";

const stripe = stripeForTests();
const deps = { db, stripe };

afterEach(async () => {
  await emulator.releaseWebhooks();
  await emulator.setWebhookMode("normal");
});

async function charge(orderId: string) {
  const res = await fetch(`${appUrl()}/api/charge`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ orderId }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { paymentIntentId: string; clientSecret: string };
}

describe("reconciler", () => {
  it("repairs a lost webhook: Stripe says succeeded, the order becomes paid", async () => {
    await emulator.setWebhookMode("hold"); // the webhooks never arrive (until afterEach)
    const order = await newOrder();
    const { paymentIntentId } = await charge(order.orderId);
    await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_visa" });
    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe("awaiting_payment");

    const actions = await reconcileOrder(deps, order.orderId);
    expect(actions).toEqual([expect.objectContaining({ kind: "synced_status", paymentIntentId })]);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe("paid");
    expect(await db.outboxMessage.count({ where: { orderId: order.orderId } })).toBe(1);
    expect(await db.orderEvent.count({ where: { orderId: order.orderId, kind: "reconcile.synced_status" } })).toBe(1);

    // A second run finds nothing left to do.
    expect(await reconcileOrder(deps, order.orderId)).toEqual([]);
  });

  it("adopts an orphan PaymentIntent, and the next charge request reuses it", async () => {
    await emulator.setWebhookMode("hold"); // so only the reconciler can find it
    const order = await newOrder();
    // The charge request reached Stripe, then the process died before saving the id.
    const orphan = await stripe.paymentIntents.create(
      { amount: order.amount, currency: order.currency, metadata: { orderId: order.orderId } },
      { idempotencyKey: paymentIntentIdempotencyKey({ id: order.orderId, amount: order.amount, currency: order.currency }) },
    );
    const actions = await reconcileOrder(deps, order.orderId);
    expect(actions.map((a) => [a.kind, a.paymentIntentId])).toEqual([["adopted_orphan", orphan.id]]);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).paymentIntentId).toBe(orphan.id);

    const again = await charge(order.orderId);
    expect(again.paymentIntentId).toBe(orphan.id);
    expect(again.clientSecret).toBe(orphan.client_secret);
    expect((await moneyForOrder(stripe, order.orderId)).paymentIntents).toHaveLength(1);
  });

  it("cancels an extra open PaymentIntent and leaves the order's own alone", async () => {
    const order = await newOrder();
    const own = await charge(order.orderId);
    const extra = await stripe.paymentIntents.create({ amount: order.amount, currency: order.currency, metadata: { orderId: order.orderId } });
    const actions = await reconcileOrder(deps, order.orderId);
    expect(actions.map((a) => [a.kind, a.paymentIntentId])).toEqual([["canceled_extra", extra.id]]);
    expect((await stripe.paymentIntents.retrieve(extra.id)).status).toBe("canceled");
    expect((await stripe.paymentIntents.retrieve(own.paymentIntentId)).status).toBe("requires_payment_method");
  });

  it("detects an injected second successful charge and refunds it exactly once", async () => {
    const order = await newOrder();
    const own = await charge(order.orderId);
    await stripe.paymentIntents.confirm(own.paymentIntentId, { payment_method: "pm_card_visa" });
    await waitFor(() => db.order.findUniqueOrThrow({ where: { id: order.orderId } }), (o) => o.status === "paid");

    // What the naive flow does: a second PaymentIntent for the same order, charged.
    const duplicate = await stripe.paymentIntents.create({
      amount: order.amount,
      currency: order.currency,
      metadata: { orderId: order.orderId },
      payment_method: "pm_card_visa",
      confirm: true,
    });
    expect(duplicate.status).toBe("succeeded");

    const onlyFlag = await reconcileOrder(deps, order.orderId);
    expect(onlyFlag.map((a) => a.kind)).toEqual(["duplicate_detected"]);

    // Refunding: two runs at once and one after; Stripe must see one refund.
    const runs = await Promise.all([
      reconcileOrder(deps, order.orderId, { refundDuplicates: true }),
      reconcileOrder(deps, order.orderId, { refundDuplicates: true }),
    ]);
    await reconcileOrder(deps, order.orderId, { refundDuplicates: true });
    expect(runs.flat().filter((a) => a.kind === "duplicate_refunded")).toHaveLength(1);

    const refunds = await stripe.refunds.list({ payment_intent: duplicate.id });
    expect(refunds.data).toHaveLength(1);
    expect(refunds.data[0].amount).toBe(order.amount);
    const anomaly = await db.paymentAnomaly.findUniqueOrThrow({ where: { paymentIntentId: duplicate.id } });
    expect(anomaly).toMatchObject({ kind: "duplicate_charge", resolution: "refunded", refundId: refunds.data[0].id });
    // The order's own payment is untouched.
    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe("paid");
    expect(await stripe.refunds.list({ payment_intent: own.paymentIntentId }).then((r) => r.data)).toHaveLength(0);
  });

  it("records a refund made outside the console (or whose answer was lost) from Stripe's own record", async () => {
    const order = await newOrder();
    const own = await charge(order.orderId);
    await stripe.paymentIntents.confirm(own.paymentIntentId, { payment_method: "pm_card_visa" });
    await waitFor(() => db.order.findUniqueOrThrow({ where: { id: order.orderId } }), (o) => o.status === "paid");
    await emulator.setWebhookMode("hold"); // only the reconciler will hear of it
    const refund = await stripe.refunds.create({ payment_intent: own.paymentIntentId, amount: 500, metadata: { requestedBy: "Dana", requestKey: "k-lost" } });
    await reconcileOrder(deps, order.orderId);
    const rows = await db.refund.findMany({ where: { orderId: order.orderId } });
    expect(rows).toEqual([expect.objectContaining({ id: refund.id, amount: 500, requestedBy: "Dana", idempotencyKey: "k-lost" })]);
    expect(await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).toMatchObject({ status: "partially_refunded", amountRefunded: 500 });
  });

  it("reconcileAll walks recent orders and prints a summary", async () => {
    const summary = await reconcileAll(deps, { lookbackHours: 1 });
    expect(summary.ordersChecked).toBeGreaterThan(0);
    expect(summary.errors).toEqual([]);
    expect(formatSummary(summary)).toMatch(/^Reconciled \d+ orders\./);
  });
});

// Refunds from the console: idempotent per Idempotency-Key (and at Stripe), never more than
// Stripe says is left, recorded with who and when, and reflected in the order's state.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { stripeRefundKey } from "@/lib/admin/refunds";
import { stripeForTests } from "../../e2e/support/oracle";
import { db, newOrder } from "../helpers/db";
import { appUrl } from "../helpers/env";
import { waitFor } from "../helpers/emulator";
import { adminCookie, paidOrder } from "../helpers/admin";

const stripe = stripeForTests();
const cookie = adminCookie("Refunder");

async function refund(body: unknown, key: string | null = crypto.randomUUID()) {
  const res = await fetch(`${appUrl()}/api/admin/refunds`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: await cookie, ...(key ? { "idempotency-key": key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, replayed: res.headers.get("idempotent-replayed") === "true", body: (await res.json()) as any };
}

const refundsAtStripe = async (paymentIntentId: string) => (await stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })).data;

describe("console refunds", () => {
  it("a partial then a full refund: recorded with who, order partially_refunded then refunded", async () => {
    const order = await paidOrder(); // $32.00
    const partial = await refund({ orderId: order.orderId, amount: 1200 });
    expect(partial.status).toBe(201);
    expect(partial.body).toMatchObject({ refund: { amount: 1200 }, order: { status: "partially_refunded", amountRefunded: 1200 } });

    const rest = await refund({ orderId: order.orderId });
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ refund: { amount: 2000 }, order: { status: "refunded", amountRefunded: 3200 } });

    expect((await refundsAtStripe(order.paymentIntentId)).map((r) => r.amount).sort()).toEqual([1200, 2000]);
    const rows = await db.refund.findMany({ where: { orderId: order.orderId }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.amount, r.requestedBy])).toEqual([[1200, "Refunder"], [2000, "Refunder"]]);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe("refunded");
  });

  it("the same Idempotency-Key twice, even at once, refunds once; the repeat is a replay", async () => {
    const order = await paidOrder();
    const key = crypto.randomUUID();
    const [a, b] = await Promise.all([refund({ orderId: order.orderId }, key), refund({ orderId: order.orderId }, key)]);
    // One ran; the other either waited its turn (409, retried by the browser) or replayed it.
    expect([a.status, b.status]).toContain(201);
    for (const status of [a.status, b.status]) expect([201, 409]).toContain(status);
    const replay = await refund({ orderId: order.orderId }, key);
    expect(replay).toMatchObject({ status: 201, replayed: true });
    expect(await refundsAtStripe(order.paymentIntentId)).toHaveLength(1);
    expect(await db.refund.count({ where: { orderId: order.orderId } })).toBe(1);
  });

  it("derives Stripe's idempotency key from the request's, so a retry after a lost answer gets the same refund", async () => {
    const order = await paidOrder();
    const key = crypto.randomUUID();
    // The first attempt reached Stripe, then our answer was lost (the app key was never stored).
    const earlier = await stripe.refunds.create(
      { payment_intent: order.paymentIntentId, amount: 1000, metadata: { orderId: order.orderId, requestedBy: "Refunder", requestKey: key } },
      { idempotencyKey: stripeRefundKey(order.orderId, key) },
    );
    const retried = await refund({ orderId: order.orderId, amount: 1000 }, key);
    expect(retried.status).toBe(201);
    expect(retried.body.refund.id).toBe(earlier.id);
    expect(await refundsAtStripe(order.paymentIntentId)).toHaveLength(1);
  });

  it("never refunds more than Stripe says is left, and catches up with refunds made elsewhere", async () => {
    const order = await paidOrder();
    // Refunded at Stripe behind the app's back (dashboard); its webhook may not be in yet.
    await stripe.refunds.create({ payment_intent: order.paymentIntentId, amount: 3000 });
    const tooMuch = await refund({ orderId: order.orderId, amount: 500 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error).toMatchObject({ code: "refund_exceeds_remaining", details: { remaining: 200 } });
    await waitFor(() => db.order.findUniqueOrThrow({ where: { id: order.orderId } }), (o) => o.amountRefunded === 3000 && o.status === "partially_refunded");
    expect(await refundsAtStripe(order.paymentIntentId)).toHaveLength(1);
  });

  it("refuses without a key, bad amounts, unknown and unpaid orders — writing nothing", async () => {
    const unpaid = await newOrder();
    const paid = await paidOrder();
    expect((await refund({ orderId: paid.orderId }, null)).body.error.code).toBe("idempotency_key_required");
    expect((await refund({ orderId: paid.orderId, amount: 0 })).status).toBe(400);
    expect((await refund({ orderId: paid.orderId, amount: 12.5 })).status).toBe(400);
    expect((await refund({ orderId: paid.orderId, amount: "100" })).status).toBe(400);
    expect((await refund({ orderId: "ord_doesnotexist" })).status).toBe(404);
    expect(await refund({ orderId: unpaid.orderId })).toMatchObject({ status: 409, body: { error: { code: "order_not_refundable" } } });
    expect(await refundsAtStripe(paid.paymentIntentId)).toHaveLength(0);
    expect(await db.refund.count({ where: { orderId: { in: [paid.orderId, unpaid.orderId] } } })).toBe(0);
  });
});

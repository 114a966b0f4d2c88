import { requireEnv } from "./env";

requireEnv("DATABASE_URL");
export const { db } = await import("@/lib/db");

/** Row counts of every table a request could write, to prove a refusal wrote nothing. */
export async function rowCounts() {
  const [orders, orderItems, idempotencyKeys, chargeRequests] = await Promise.all([
    db.order.count(),
    db.orderItem.count(),
    db.idempotencyKey.count(),
    db.chargeRequest.count(),
  ]);
  return { orders, orderItems, idempotencyKeys, chargeRequests };
}

/** A new order with its PaymentIntent, created through the app's own POST /api/charge. */
export async function orderWithIntent(items?: { productId: string; quantity: number }[]) {
  const { appUrl } = await import("./env");
  const order = await newOrder(items);
  const res = await fetch(`${appUrl()}/api/charge`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ orderId: order.orderId }),
  });
  if (res.status !== 200) throw new Error(`POST /api/charge answered ${res.status}: ${await res.text()}`);
  const { paymentIntentId, clientSecret } = (await res.json()) as { paymentIntentId: string; clientSecret: string };
  return { ...order, paymentIntentId, clientSecret };
}

export async function newOrder(items = [{ productId: "ceramic-mug", quantity: 2 }]) {
  const { placeOrder } = await import("@/lib/orders/create-order");
  return placeOrder(db, items);
}

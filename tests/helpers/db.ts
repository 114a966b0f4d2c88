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

export async function newOrder(items = [{ productId: "ceramic-mug", quantity: 2 }]) {
  const { placeOrder } = await import("@/lib/orders/create-order");
  return placeOrder(db, items);
}

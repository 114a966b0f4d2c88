// The order lifecycle as a table. States only move forward; the one loop is a failed
// payment going back to awaiting_payment when the shopper tries another card on the same
// PaymentIntent. Each transition is applied as a conditional UPDATE (WHERE status IN the
// allowed sources), so of two concurrent writers at most one applies it.
import type { OrderStatus } from "@/generated/prisma/enums";
import type { PrismaClient } from "@/generated/prisma/client";

export const ORDER_STATUSES = [
  "pending",
  "awaiting_payment",
  "processing",
  "paid",
  "payment_failed",
  "partially_refunded",
  "refunded",
  "canceled",
] as const satisfies readonly OrderStatus[];

export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ["awaiting_payment", "processing", "paid", "payment_failed", "canceled"],
  awaiting_payment: ["processing", "paid", "payment_failed", "canceled"],
  processing: ["paid", "payment_failed"],
  payment_failed: ["awaiting_payment", "processing", "paid", "canceled"],
  paid: ["partially_refunded", "refunded"],
  partially_refunded: ["refunded"],
  refunded: [],
  canceled: [],
};

/** States in which money has been taken: never offer another payment. */
export const PAID_STATUSES: readonly OrderStatus[] = ["paid", "partially_refunded", "refunded"];

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Every state from which `to` may be entered. */
export function sourcesOf(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canTransition(from, to));
}

export function isPaid(status: OrderStatus): boolean {
  return PAID_STATUSES.includes(status);
}

/**
 * Moves the order to `to` if, in the database, it is in a state allowed to move there.
 * Returns whether this call applied the transition.
 */
export async function transitionOrder(db: PrismaClient, orderId: string, to: OrderStatus): Promise<boolean> {
  const { count } = await db.order.updateMany({
    where: { id: orderId, status: { in: sourcesOf(to) } },
    data: { status: to },
  });
  return count === 1;
}

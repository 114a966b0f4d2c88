// Brings an order's state in line with what Stripe says about its PaymentIntent. Callers
// pass a freshly retrieved PaymentIntent: Stripe's answer now, not an old event's copy.
import type Stripe from "stripe";
import type { PrismaClient } from "@/generated/prisma/client";
import type { OrderStatus } from "@/generated/prisma/enums";
import { transitionOrder } from "@/lib/orders/state-machine";

/** The order state a PaymentIntent status implies, or null when it implies no change. */
export function orderStatusFor(intent: Pick<Stripe.PaymentIntent, "status" | "last_payment_error">): OrderStatus | null {
  switch (intent.status) {
    case "succeeded":
      return "paid";
    case "processing":
      return "processing";
    case "canceled":
      return "canceled";
    case "requires_payment_method":
      return intent.last_payment_error ? "payment_failed" : null;
    default:
      return null;
  }
}

export async function syncOrderWithPaymentIntent(
  db: PrismaClient,
  orderId: string,
  intent: Pick<Stripe.PaymentIntent, "status" | "last_payment_error">,
): Promise<{ status: OrderStatus; changed: boolean }> {
  const target = orderStatusFor(intent);
  const changed = target ? await transitionOrder(db, orderId, target) : false;
  const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { status: true } });
  return { status: order.status, changed };
}

const SETTLED: readonly OrderStatus[] = ["paid", "partially_refunded", "refunded", "canceled"];

/**
 * Asks Stripe for the order's PaymentIntent and applies its status. Used by the checkout and
 * return pages, so a shopper who comes back sees the truth even if a webhook is late.
 */
export async function refreshOrderFromStripe(
  deps: { db: PrismaClient; stripe: Stripe },
  order: { id: string; status: OrderStatus; paymentIntentId: string | null },
): Promise<{ status: OrderStatus; intent: Stripe.PaymentIntent | null }> {
  if (!order.paymentIntentId) return { status: order.status, intent: null };
  const intent = await deps.stripe.paymentIntents.retrieve(order.paymentIntentId);
  if (SETTLED.includes(order.status)) return { status: order.status, intent };
  const { status } = await syncOrderWithPaymentIntent(deps.db, order.id, intent);
  return { status, intent };
}

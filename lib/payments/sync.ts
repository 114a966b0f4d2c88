// Brings an order's state in line with what Stripe says about its PaymentIntent. Callers
// pass a freshly retrieved PaymentIntent (Stripe's answer now, never an old event's copy):
// events arrive in any order, and only the current state may move an order forward.
import type Stripe from "stripe";
import type { PrismaClient } from "@/generated/prisma/client";
import type { OrderStatus } from "@/generated/prisma/enums";
import { transitionOrder } from "@/lib/orders/state-machine";

type IntentView = Pick<Stripe.PaymentIntent, "id" | "status" | "last_payment_error">;

/** The order state a PaymentIntent status implies, or null when it implies no change. */
export function orderStatusFor(intent: Pick<IntentView, "status" | "last_payment_error">): OrderStatus | null {
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
  intent: IntentView,
  source: string,
): Promise<{ status: OrderStatus; changed: boolean }> {
  const target = orderStatusFor(intent);
  let changed = false;
  if (target) {
    const failure = intent.last_payment_error;
    const detail = target === "payment_failed" && failure ? { code: failure.code, decline_code: failure.decline_code, message: failure.message } : undefined;
    ({ applied: changed } = await transitionOrder(db, orderId, target, { source, paymentIntentId: intent.id, detail }));
  }
  const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { status: true } });
  return { status: order.status, changed };
}

/** Records what Stripe says was refunded and moves the order to (partially_)refunded. */
export async function syncOrderRefunds(
  db: PrismaClient,
  orderId: string,
  refunded: { amountRefunded: number; paymentIntentId: string },
  source: string,
): Promise<{ status: OrderStatus; changed: boolean }> {
  // Refund totals only grow; a late event with a smaller total changes nothing.
  await db.$executeRaw`UPDATE orders SET amount_refunded = GREATEST(amount_refunded, ${refunded.amountRefunded}), updated_at = now() WHERE id = ${orderId}`;
  const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { amount: true, amountRefunded: true } });
  let changed = false;
  if (order.amountRefunded > 0) {
    const to: OrderStatus = order.amountRefunded >= order.amount ? "refunded" : "partially_refunded";
    ({ applied: changed } = await transitionOrder(db, orderId, to, {
      source,
      paymentIntentId: refunded.paymentIntentId,
      detail: { amountRefunded: order.amountRefunded },
    }));
  }
  const current = await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { status: true } });
  return { status: current.status, changed };
}

const SETTLED: readonly OrderStatus[] = ["paid", "partially_refunded", "refunded", "canceled"];

/**
 * Asks Stripe for the order's PaymentIntent and applies its status. Used by the checkout and
 * return pages, so a shopper who comes back sees the truth even if a webhook is late.
 */
export async function refreshOrderFromStripe(
  deps: { db: PrismaClient; stripe: Stripe },
  order: { id: string; status: OrderStatus; paymentIntentId: string | null },
  source: string,
): Promise<{ status: OrderStatus; intent: Stripe.PaymentIntent | null }> {
  if (!order.paymentIntentId) return { status: order.status, intent: null };
  const intent = await deps.stripe.paymentIntents.retrieve(order.paymentIntentId);
  if (SETTLED.includes(order.status)) return { status: order.status, intent };
  const { status } = await syncOrderWithPaymentIntent(deps.db, order.id, intent, source);
  return { status, intent };
}

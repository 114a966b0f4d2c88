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

export interface TransitionContext {
  /** Who moved it: charge, webhook, return_page, reconciler, admin. */
  source: string;
  paymentIntentId?: string | null;
  detail?: Record<string, unknown>;
}

/** Side effects that must happen exactly once when an order enters a state. */
const OUTBOX_ON_ENTER: Partial<Record<OrderStatus, string>> = { paid: "order_confirmed" };

/**
 * Moves the order to `to` if, in the database, it is in a state allowed to move there, and
 * in the same statement records the change on the order's timeline and queues the state's
 * exactly-once side effect. One statement: either all of it happens or none, and of two
 * concurrent callers only the one whose UPDATE matched gets `applied: true`.
 */
export async function transitionOrder(
  db: PrismaClient,
  orderId: string,
  to: OrderStatus,
  context: TransitionContext = { source: "system" },
): Promise<{ applied: boolean; from?: OrderStatus }> {
  const sources = sourcesOf(to);
  const outboxKind = OUTBOX_ON_ENTER[to] ?? null;
  const detail = JSON.stringify(context.detail ?? {});
  const rows = await db.$queryRaw<{ from_status: OrderStatus }[]>`
    WITH previous AS (
      SELECT id, status FROM orders WHERE id = ${orderId} FOR UPDATE
    ), moved AS (
      UPDATE orders SET status = ${to}::"OrderStatus", updated_at = now()
      FROM previous
      WHERE orders.id = previous.id AND previous.status = ANY(${sources}::"OrderStatus"[])
      RETURNING orders.id, previous.status AS from_status, orders.amount, orders.currency
    ), timeline AS (
      INSERT INTO order_events (order_id, kind, from_status, to_status, source, payment_intent_id, detail)
      SELECT id, 'status_changed', from_status, ${to}::"OrderStatus", ${context.source}, ${context.paymentIntentId ?? null}, ${detail}::jsonb
      FROM moved
    ), outbox AS (
      INSERT INTO outbox_messages (order_id, kind, payload)
      SELECT id, ${outboxKind}, jsonb_build_object('orderId', id, 'amount', amount, 'currency', currency)
      FROM moved WHERE ${outboxKind}::text IS NOT NULL
      ON CONFLICT (order_id, kind) DO NOTHING
    )
    SELECT from_status FROM moved`;
  return rows.length ? { applied: true, from: rows[0].from_status } : { applied: false };
}

/** Appends a non-state entry to the order's timeline (a Stripe event, a reconciler action…). */
export async function recordOrderEvent(
  db: PrismaClient,
  orderId: string,
  kind: string,
  context: TransitionContext,
): Promise<void> {
  await db.orderEvent.create({
    data: {
      orderId,
      kind,
      source: context.source,
      paymentIntentId: context.paymentIntentId ?? null,
      detail: (context.detail ?? undefined) as object | undefined,
    },
  });
}

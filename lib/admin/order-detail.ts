// One order as the console shows it: the order, and one timeline merged from everything the
// database knows about it — the order itself, each /api/charge request and what it did, each
// Stripe event received for any of its PaymentIntents, each state change and reconciler action
// (order_events), each refund made from the console, and each payment anomaly. This is what a
// merchant shows a customer who says they were charged twice.
import type { PrismaClient } from "@/generated/prisma/client";
import { formatMoney } from "@/lib/money";

export type TimelineTone = "ok" | "bad" | "warn" | "info";

export interface TimelineEntry {
  at: Date;
  source: "order" | "charge_request" | "stripe_event" | "order_event" | "refund" | "anomaly";
  title: string;
  detail?: string;
  paymentIntentId?: string | null;
  tone: TimelineTone;
}

export async function findOrderDetail(db: PrismaClient, orderId: string) {
  const history = await loadHistory(db, orderId);
  return history && { ...history, timeline: buildTimeline(history.order, history.stripeEvents) };
}

async function loadHistory(db: PrismaClient, orderId: string) {
  // PostgreSQL text cannot hold NUL: such an id names no order (and must not reach a query).
  if (orderId.length > 64 || orderId.includes("\u0000")) return null;
  const order = await db.order.findUnique({
    where: { id: orderId },
    include: {
      items: { orderBy: { id: "asc" } },
      chargeRequests: { orderBy: { id: "asc" } },
      events: { orderBy: { id: "asc" } },
      refunds: { orderBy: { createdAt: "asc" } },
      anomalies: { orderBy: { id: "asc" } },
    },
  });
  if (!order) return null;
  const intentIds = new Set<string>();
  for (const id of [order.paymentIntentId, ...order.chargeRequests.map((c) => c.paymentIntentId), ...order.events.map((e) => e.paymentIntentId), ...order.anomalies.map((a) => a.paymentIntentId)]) {
    if (id) intentIds.add(id);
  }
  const stripeEvents = intentIds.size
    ? await db.stripeEvent.findMany({
        where: { paymentIntentId: { in: [...intentIds] } },
        orderBy: { receivedAt: "asc" },
        select: { id: true, type: true, paymentIntentId: true, receivedAt: true, processedAt: true, pendingReason: true, deliveries: true },
      })
    : [];
  return { order, stripeEvents };
}

type History = NonNullable<Awaited<ReturnType<typeof loadHistory>>>;
type OrderWithHistory = History["order"];
type StoredEvent = History["stripeEvents"][number];

export function buildTimeline(order: OrderWithHistory, stripeEvents: StoredEvent[]): TimelineEntry[] {
  const money = (amount: number) => formatMoney(amount, order.currency);
  const entries: TimelineEntry[] = [
    {
      at: order.createdAt,
      source: "order",
      title: `Order placed for ${money(order.amount)}`,
      detail: order.items.map((i) => `${i.name} × ${i.quantity}`).join(", "),
      tone: "info",
    },
  ];

  for (const request of order.chargeRequests) {
    // At most one request per order creates its PaymentIntent; every other one was a repeat.
    const duplicate = request.outcome !== "created";
    entries.push({
      at: request.createdAt,
      source: "charge_request",
      title: `Charge request: ${CHARGE_OUTCOME_TITLES[request.outcome]}${duplicate ? " — duplicate absorbed" : ""}`,
      detail: [request.detail, request.idempotencyKey && `Idempotency-Key ${request.idempotencyKey}`].filter(Boolean).join(" · ") || undefined,
      paymentIntentId: request.paymentIntentId,
      tone: request.outcome === "created" ? "ok" : request.outcome === "rejected" ? "bad" : "info",
    });
  }

  const shownEventIds = new Set(stripeEvents.map((e) => e.id));
  for (const event of stripeEvents) {
    const applied = event.processedAt ? "applied" : `not applied yet${event.pendingReason ? `: ${event.pendingReason}` : ""}`;
    entries.push({
      at: event.receivedAt,
      source: "stripe_event",
      title: `Stripe event ${event.type}`,
      detail: `${event.id} · delivered ${event.deliveries}× · ${applied}`,
      paymentIntentId: event.paymentIntentId,
      tone: event.type.endsWith("failed") ? "bad" : event.type.endsWith("succeeded") ? "ok" : "info",
    });
  }

  for (const event of order.events) {
    const detail = (event.detail ?? {}) as Record<string, unknown>;
    // The webhook's "applied this event" row says what the Stripe event entry above already says.
    if (event.kind === "stripe_event" && shownEventIds.has(String(detail.eventId))) continue;
    entries.push({
      at: event.createdAt,
      source: "order_event",
      title: orderEventTitle(event.kind, event.fromStatus, event.toStatus, event.source),
      detail: describeDetail(detail),
      paymentIntentId: event.paymentIntentId,
      tone: event.toStatus === "paid" ? "ok" : event.toStatus === "payment_failed" || event.kind.includes("duplicate") ? "bad" : "info",
    });
  }

  for (const refund of order.refunds) {
    entries.push({
      at: refund.createdAt,
      source: "refund",
      title: `Refund of ${money(refund.amount)} by ${refund.requestedBy}`,
      detail: `${refund.id} · ${refund.status}`,
      paymentIntentId: refund.paymentIntentId,
      tone: "warn",
    });
  }

  for (const anomaly of order.anomalies) {
    entries.push({
      at: anomaly.createdAt,
      source: "anomaly",
      title: `Payment anomaly: ${anomaly.kind.replaceAll("_", " ")} of ${money(anomaly.amount)}`,
      detail: `resolution: ${anomaly.resolution}${anomaly.refundId ? ` · refund ${anomaly.refundId}` : ""}`,
      paymentIntentId: anomaly.paymentIntentId,
      tone: anomaly.resolution === "open" ? "bad" : "warn",
    });
  }
  // Stable: entries at the same millisecond keep the order they were added in.
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

const CHARGE_OUTCOME_TITLES = {
  created: "created the PaymentIntent",
  reused: "answered with the existing PaymentIntent",
  conflict: "refused while another request was in flight",
  rejected: "refused",
} as const;

const ORDER_EVENT_TITLES: Record<string, string> = {
  payment_intent_adopted: "PaymentIntent adopted from a webhook (its charge request never saved it)",
  stripe_event: "Stripe event applied",
  stripe_event_for_other_payment_intent: "Stripe event for another PaymentIntent of this order",
  "reconcile.adopted_orphan": "Reconciler adopted an orphan PaymentIntent",
  "reconcile.canceled_extra": "Reconciler canceled an extra PaymentIntent",
  "reconcile.synced_status": "Reconciler synced the status with Stripe",
  "reconcile.duplicate_detected": "Reconciler detected a duplicate charge",
  "reconcile.duplicate_refunded": "Reconciler refunded a duplicate charge",
  "reconcile.applied_pending_event": "Reconciler applied a pending Stripe event",
};

function orderEventTitle(kind: string, from: string | null, to: string | null, source: string): string {
  if (kind === "status_changed") return `Status ${label(from)} → ${label(to)} (by ${source.replaceAll("_", " ")})`;
  return ORDER_EVENT_TITLES[kind] ?? kind.replaceAll("_", " ");
}

function label(status: string | null): string {
  return status ? status.replaceAll("_", " ") : "—";
}

function describeDetail(detail: Record<string, unknown>): string | undefined {
  const parts = Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${k}: ${String(v)}`);
  return parts.length ? parts.join(" · ") : undefined;
}

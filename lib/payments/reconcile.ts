// The reconciler asks Stripe what really exists for each order and repairs what webhooks and
// crashes left behind:
// - adopts an orphan PaymentIntent (the process died between Stripe's answer and the save);
// - cancels extra open PaymentIntents for an order;
// - marks the order paid (or failed…) when Stripe says so but the webhook was lost;
// - flags a second succeeded PaymentIntent as a duplicate charge and, when configured,
//   refunds it with an idempotent refund.
// Every action is recorded on the order's timeline. Safe to run anywhere, any number of
// times, from several instances at once: each step is a conditional update or an idempotent
// Stripe call.
import type Stripe from "stripe";
import type { PrismaClient } from "@/generated/prisma/client";
import type { OrderStatus } from "@/generated/prisma/enums";
import { recordOrderEvent } from "@/lib/orders/state-machine";
import { recordStripeRefunds } from "./refund-records";
import { syncOrderRefunds, syncOrderWithPaymentIntent } from "./sync";
import { applyStoredEvent } from "./webhooks";

export type ReconcileActionKind =
  | "adopted_orphan"
  | "canceled_extra"
  | "synced_status"
  | "duplicate_detected"
  | "duplicate_refunded"
  | "applied_pending_event";

export interface ReconcileAction {
  orderId: string;
  kind: ReconcileActionKind;
  paymentIntentId: string;
  detail?: Record<string, unknown>;
}

export interface ReconcileOptions {
  /** Refund a second successful charge automatically (else only flag it). */
  refundDuplicates?: boolean;
}

export interface ReconcileDeps {
  db: PrismaClient;
  stripe: Stripe;
}

const OPEN: readonly Stripe.PaymentIntent.Status[] = ["requires_payment_method", "requires_confirmation", "requires_action", "requires_capture"];
// Which of several PaymentIntents an order without one should adopt: the one that took money first.
const ADOPTION_RANK: Record<string, number> = { succeeded: 0, processing: 1, requires_capture: 2, requires_action: 3, requires_confirmation: 4, requires_payment_method: 5, canceled: 9 };

export async function paymentIntentsForOrder(stripe: Stripe, orderId: string): Promise<Stripe.PaymentIntent[]> {
  const found: Stripe.PaymentIntent[] = [];
  for await (const pi of stripe.paymentIntents.search({ query: `metadata['orderId']:'${orderId.replace(/'/g, "")}'`, limit: 100 })) {
    found.push(pi);
  }
  return found.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
}

export async function reconcileOrder(deps: ReconcileDeps, orderId: string, options: ReconcileOptions = {}): Promise<ReconcileAction[]> {
  const { db, stripe } = deps;
  const actions: ReconcileAction[] = [];
  const record = async (action: ReconcileAction) => {
    actions.push(action);
    await recordOrderEvent(db, orderId, `reconcile.${action.kind}`, { source: "reconciler", paymentIntentId: action.paymentIntentId, detail: action.detail });
  };

  const order = await db.order.findUnique({ where: { id: orderId }, select: { id: true, status: true, amount: true, paymentIntentId: true } });
  if (!order) return actions;
  const intents = await paymentIntentsForOrder(stripe, orderId);
  const own = (order.paymentIntentId && intents.find((pi) => pi.id === order.paymentIntentId)) || null;

  let primaryId = order.paymentIntentId;
  if (!primaryId && intents.length) {
    const candidate = [...intents].sort((a, b) => (ADOPTION_RANK[a.status] ?? 8) - (ADOPTION_RANK[b.status] ?? 8))[0];
    const adopted = await db.order.updateMany({ where: { id: orderId, paymentIntentId: null }, data: { paymentIntentId: candidate.id } });
    if (adopted.count === 1) await record({ orderId, kind: "adopted_orphan", paymentIntentId: candidate.id, detail: { status: candidate.status } });
    primaryId = (await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { paymentIntentId: true } })).paymentIntentId;
  }

  // The order's own PaymentIntent: bring the order in line with it (a lost webhook).
  const primary = intents.find((pi) => pi.id === primaryId) ?? (primaryId && !own ? await stripe.paymentIntents.retrieve(primaryId).catch(() => null) : own);
  if (primary) {
    const before: OrderStatus = order.status;
    const { status, changed } = await syncOrderWithPaymentIntent(db, orderId, primary, "reconciler");
    if (changed) await record({ orderId, kind: "synced_status", paymentIntentId: primary.id, detail: { from: before, to: status, stripeStatus: primary.status } });
    const refunded = await amountRefunded(stripe, primary);
    if (refunded > 0) {
      await recordStripeRefunds(deps, orderId, primary.id);
      await syncOrderRefunds(db, orderId, { amountRefunded: refunded, paymentIntentId: primary.id }, "reconciler");
    }
  }

  // Every other PaymentIntent for this order is one too many.
  for (const extra of intents.filter((pi) => pi.id !== primaryId)) {
    if (OPEN.includes(extra.status)) {
      await stripe.paymentIntents.cancel(extra.id, { cancellation_reason: "duplicate" }, { idempotencyKey: `chargeonce:cancel-extra:${extra.id}` });
      await flagAnomaly(db, orderId, extra, "extra_payment_intent", "canceled");
      await record({ orderId, kind: "canceled_extra", paymentIntentId: extra.id, detail: { status: extra.status } });
    } else if (extra.status === "succeeded") {
      const flagged = await flagAnomaly(db, orderId, extra, "duplicate_charge", "open");
      if (flagged) await record({ orderId, kind: "duplicate_detected", paymentIntentId: extra.id, detail: { amount: extra.amount } });
      if (options.refundDuplicates) {
        const refund = await refundDuplicate(deps, orderId, extra);
        if (refund) await record({ orderId, kind: "duplicate_refunded", paymentIntentId: extra.id, detail: { refundId: refund.id, amount: refund.amount } });
      }
    }
  }

  // Events parked because no order knew their PaymentIntent, or left unapplied by a failure
  // (not those a webhook request is applying right now).
  const pending = await db.stripeEvent.findMany({
    where: {
      processedAt: null,
      paymentIntentId: { in: intents.map((pi) => pi.id) },
      OR: [{ pendingReason: { not: null } }, { receivedAt: { lt: new Date(Date.now() - 60_000) } }],
    },
    orderBy: { receivedAt: "asc" },
  });
  for (const event of pending) {
    const result = await applyStoredEvent(deps, event.id, event.type, event.paymentIntentId);
    if (result.outcome === "applied") await record({ orderId, kind: "applied_pending_event", paymentIntentId: event.paymentIntentId!, detail: { eventId: event.id, type: event.type } });
  }
  return actions;
}

async function amountRefunded(stripe: Stripe, intent: Stripe.PaymentIntent): Promise<number> {
  if (intent.status !== "succeeded") return 0;
  let total = 0;
  for await (const charge of stripe.charges.list({ payment_intent: intent.id, limit: 100 })) total += charge.amount_refunded;
  return total;
}

/** Flags once per PaymentIntent; returns whether this call flagged it. */
async function flagAnomaly(db: PrismaClient, orderId: string, intent: Stripe.PaymentIntent, kind: string, resolution: string): Promise<boolean> {
  const { count } = await db.paymentAnomaly.createMany({
    data: [{ orderId, paymentIntentId: intent.id, kind, amount: intent.amount, resolution, resolvedAt: resolution === "open" ? null : new Date() }],
    skipDuplicates: true,
  });
  return count === 1;
}

/** Refunds a duplicate charge once: the idempotency key and the anomaly row both see to it. */
async function refundDuplicate(deps: ReconcileDeps, orderId: string, intent: Stripe.PaymentIntent): Promise<Stripe.Refund | null> {
  const anomaly = await deps.db.paymentAnomaly.findUnique({ where: { paymentIntentId: intent.id } });
  if (anomaly?.resolution === "refunded") return null;
  const refund = await deps.stripe.refunds.create(
    { payment_intent: intent.id, reason: "duplicate", metadata: { orderId } },
    { idempotencyKey: `chargeonce:refund-duplicate:${intent.id}` },
  );
  const { count } = await deps.db.paymentAnomaly.updateMany({
    where: { paymentIntentId: intent.id, resolution: { not: "refunded" } },
    data: { resolution: "refunded", refundId: refund.id, resolvedAt: new Date() },
  });
  return count === 1 ? refund : null;
}

export interface ReconcileSummary {
  ordersChecked: number;
  actions: Record<ReconcileActionKind, number>;
  errors: { orderId: string; message: string }[];
}

/**
 * Reconciles recent orders (and any order with an unapplied event). Orders older than the
 * look-back window are settled history; the reconciler does not walk them on every run.
 */
export async function reconcileAll(
  deps: ReconcileDeps,
  options: ReconcileOptions & { lookbackHours?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ReconcileSummary> {
  const since = new Date(Date.now() - (options.lookbackHours ?? Number(process.env.RECONCILE_LOOKBACK_HOURS ?? 72)) * 3600_000);
  const recent = await deps.db.order.findMany({ where: { createdAt: { gte: since } }, select: { id: true }, orderBy: { createdAt: "asc" } });
  const ids = new Set(recent.map((o) => o.id));
  const summary: ReconcileSummary = {
    ordersChecked: 0,
    actions: { adopted_orphan: 0, canceled_extra: 0, synced_status: 0, duplicate_detected: 0, duplicate_refunded: 0, applied_pending_event: 0 },
    errors: [],
  };
  for (const orderId of ids) {
    try {
      for (const action of await reconcileOrder(deps, orderId, options)) summary.actions[action.kind]++;
    } catch (err) {
      summary.errors.push({ orderId, message: (err as Error).message });
    }
    summary.ordersChecked++;
    options.onProgress?.(summary.ordersChecked, ids.size);
  }
  return summary;
}

export function formatSummary(summary: ReconcileSummary): string {
  const rows = Object.entries(summary.actions).map(([kind, n]) => `  ${kind.padEnd(24)} ${n}`);
  return [
    `Reconciled ${summary.ordersChecked} orders.`,
    ...rows,
    `  ${"errors".padEnd(24)} ${summary.errors.length}`,
    ...summary.errors.slice(0, 10).map((e) => `    ${e.orderId}: ${e.message}`),
  ].join("\n");
}

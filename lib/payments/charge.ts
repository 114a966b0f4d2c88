// One PaymentIntent per order. The first request for an order creates it at Stripe with an
// idempotency key derived from the order, then stores its id on the order only if none is
// stored yet; every later request gets the stored client secret. Several processes may run
// this at once: the database decides (conditional updates, unique column), never memory.
import type Stripe from "stripe";
import type { PrismaClient } from "@/generated/prisma/client";
import type { OrderStatus } from "@/generated/prisma/enums";
import { AppError } from "@/lib/errors";
import { isPaid, transitionOrder } from "@/lib/orders/state-machine";
import { mayAccessOrder } from "@/lib/security/shopper-session";
import { faultPoint } from "@/lib/testing/fault-points";
import { INTENT_READY_CHANNEL, intentReady, notifyIntentReady } from "./intent-ready";
import { toAppError } from "./stripe-errors";

export interface PaymentIntentHandle {
  outcome: "created" | "reused";
  orderId: string;
  paymentIntentId: string;
  clientSecret: string;
  status: string;
}

export interface ChargeDeps {
  db: PrismaClient;
  stripe: Stripe;
  /** How long a request may hold the right to create the order's PaymentIntent. */
  leaseMs?: number;
  /** How long a concurrent request waits for that PaymentIntent before answering 409. */
  waitMs?: number;
}

/** A waiter re-reads the order at least this often, even if no notification arrives. */
const POLL_MS = 250;

interface PayableOrder {
  id: string;
  status: OrderStatus;
  amount: number;
  currency: string;
  paymentIntentId: string | null;
  paymentIntentClientSecret: string | null;
}

/** Deterministic, so a retry after a crash or a lost response gets the same PaymentIntent. */
export function paymentIntentIdempotencyKey(order: { id: string; amount: number; currency: string }): string {
  return `chargeonce:pi:${order.id}:${order.amount}:${order.currency}`;
}

export async function ensurePaymentIntent(
  deps: ChargeDeps,
  orderId: string,
  request: { claimedAmount?: number; shopperHash?: string | null } = {},
): Promise<PaymentIntentHandle> {
  const leaseMs = deps.leaseMs ?? Number(process.env.PAYMENT_INTENT_LEASE_MS ?? 10_000);
  const deadline = Date.now() + (deps.waitMs ?? leaseMs + 5_000);

  for (let woken = false; ; woken = true) {
    // Armed before the order is read, so a notification sent in between is not missed.
    const wakeup = intentReady.arm(orderId);
    try {
      // A woken waiter most likely finds the PaymentIntent stored: read before claiming.
      if (woken) {
        const existing = await existingIntent(deps, checkPayable(await findOrder(deps.db, orderId), request));
        if (existing) return existing;
      }
      // Only the request that wins the lease calls Stripe; the rest wait for it.
      const leased = await claimLease(deps.db, orderId, leaseMs, request);
      const order = checkPayable(leased ?? (await findOrder(deps.db, orderId)), request);
      if (leased) return await createAndStore(deps, order);
      const existing = await existingIntent(deps, order);
      if (existing) return existing;
      if (Date.now() > deadline) {
        throw new AppError("request_in_progress", "The payment for this order is still being prepared. Please retry.", {
          retryAfterSeconds: 1,
        });
      }
      await wakeup.wait(POLL_MS);
    } finally {
      wakeup.cancel();
    }
  }
}

const ORDER_FIELDS = { id: true, status: true, amount: true, currency: true, paymentIntentId: true, paymentIntentClientSecret: true, ownerHash: true } as const;

function findOrder(db: PrismaClient, orderId: string) {
  return db.order.findUnique({ where: { id: orderId }, select: ORDER_FIELDS });
}

/** Refuses what may not be paid; a leased order is checked too, and the lease then expires unused. */
function checkPayable(
  order: (PayableOrder & { ownerHash: string | null }) | null,
  request: { claimedAmount?: number; shopperHash?: string | null },
): PayableOrder {
  // Another browser's order looks exactly like one that does not exist.
  if (!order || !mayAccessOrder(order, request.shopperHash)) throw new AppError("order_not_found", "No order with this id.");
  if (request.claimedAmount !== undefined && request.claimedAmount !== order.amount) {
    throw new AppError("amount_mismatch", `The amount sent (${request.claimedAmount}) is not the order's amount (${order.amount}).`);
  }
  if (isPaid(order.status)) throw new AppError("order_already_paid", "This order is already paid.");
  if (order.status === "canceled") throw new AppError("order_not_payable", "This order was canceled.");
  return order;
}

/** The order's stored PaymentIntent, if it has one. */
async function existingIntent(deps: ChargeDeps, order: PayableOrder): Promise<PaymentIntentHandle | null> {
  const { db } = deps;
  if (!order.paymentIntentId) return null;
  if (order.paymentIntentClientSecret) {
    let status: string = order.status;
    if (order.status === "payment_failed" || order.status === "pending") {
      // The shopper is back to try another card on the same PaymentIntent, or the request that
      // stored it died before moving the order on (a crash between two writes).
      await transitionOrder(db, order.id, "awaiting_payment", { source: "charge", paymentIntentId: order.paymentIntentId });
      status = "awaiting_payment";
    }
    return handle("reused", order.id, order.paymentIntentId, order.paymentIntentClientSecret, status);
  }
  // Adopted by the reconciler or a webhook, which store no client secret: fetch it once.
  const intent = await deps.stripe.paymentIntents.retrieve(order.paymentIntentId).catch((err) => {
    throw toAppError(err);
  });
  await db.order.updateMany({ where: { id: order.id, paymentIntentId: intent.id }, data: { paymentIntentClientSecret: intent.client_secret } });
  const { applied } = await transitionOrder(db, order.id, "awaiting_payment", { source: "charge", paymentIntentId: intent.id });
  return handle("reused", order.id, intent.id, intent.client_secret!, applied ? "awaiting_payment" : order.status);
}

/**
 * Takes the right to create the order's PaymentIntent if nobody holds it and none is stored,
 * and returns the order in the same round trip; null if the lease was not taken.
 */
async function claimLease(
  db: PrismaClient,
  orderId: string,
  leaseMs: number,
  request: { claimedAmount?: number; shopperHash?: string | null },
) {
  // Only a request that would pass checkPayable may take it: a stranger's or a tampered
  // request must not hold up the shopper's own.
  const rows = await db.$queryRaw<(PayableOrder & { ownerHash: string | null })[]>`
    UPDATE orders SET payment_intent_lease_until = now() + ${leaseMs} * interval '1 millisecond'
    WHERE id = ${orderId} AND payment_intent_id IS NULL
      AND (payment_intent_lease_until IS NULL OR payment_intent_lease_until < now())
      AND status NOT IN ('paid', 'partially_refunded', 'refunded', 'canceled')
      AND (owner_hash IS NULL OR owner_hash = ${request.shopperHash ?? null})
      AND (${request.claimedAmount ?? null}::int IS NULL OR amount = ${request.claimedAmount ?? null}::int)
    RETURNING id, status::text AS status, amount, currency, payment_intent_id AS "paymentIntentId",
      payment_intent_client_secret AS "paymentIntentClientSecret", owner_hash AS "ownerHash"`;
  return rows[0] ?? null;
}

async function createAndStore(deps: ChargeDeps, order: PayableOrder): Promise<PaymentIntentHandle> {
  const { db, stripe } = deps;
  faultPoint("charge.before_stripe_create");
  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe.paymentIntents.create(
      {
        amount: order.amount,
        currency: order.currency,
        metadata: { orderId: order.id },
        automatic_payment_methods: { enabled: true },
      },
      { idempotencyKey: paymentIntentIdempotencyKey(order) },
    );
  } catch (err) {
    // Give the lease back, and wake the waiters, so the next request can try at once.
    await db.order.updateMany({ where: { id: order.id, paymentIntentId: null }, data: { paymentIntentLeaseUntil: null } });
    await notifyIntentReady(db, order.id).catch(() => {});
    throw toAppError(err);
  }
  faultPoint("charge.after_stripe_create");

  const stored = await storeIntent(db, order.id, intent);
  faultPoint("charge.after_order_update");
  if (stored) {
    const { applied } = await transitionOrder(db, order.id, "awaiting_payment", { source: "charge", paymentIntentId: intent.id });
    faultPoint("charge.after_transition");
    return handle("created", order.id, intent.id, intent.client_secret!, applied ? "awaiting_payment" : order.status);
  }
  // Another PaymentIntent was stored first (only possible if the order's amount changed).
  const current = await db.order.findUniqueOrThrow({
    where: { id: order.id },
    select: { status: true, paymentIntentId: true, paymentIntentClientSecret: true },
  });
  return handle("reused", order.id, current.paymentIntentId!, current.paymentIntentClientSecret!, current.status);
}

/**
 * Saves the PaymentIntent on the order if none is stored yet (or a webhook already adopted
 * this same one), and wakes the waiting requests, in one statement.
 */
async function storeIntent(db: PrismaClient, orderId: string, intent: Stripe.PaymentIntent): Promise<boolean> {
  const rows = await db.$queryRaw<{ stored: number }[]>`
    WITH stored AS (
      UPDATE orders
      SET payment_intent_id = ${intent.id}, payment_intent_client_secret = ${intent.client_secret},
          payment_intent_lease_until = NULL, updated_at = now()
      WHERE id = ${orderId} AND (payment_intent_id IS NULL OR payment_intent_id = ${intent.id})
      RETURNING id
    ), woken AS (
      SELECT pg_notify(${INTENT_READY_CHANNEL}, ${orderId})
    )
    SELECT (SELECT count(*) FROM stored)::int AS stored, (SELECT count(*) FROM woken)::int AS woken`;
  return rows[0].stored === 1;
}

function handle(
  outcome: PaymentIntentHandle["outcome"],
  orderId: string,
  paymentIntentId: string,
  clientSecret: string,
  status: string,
): PaymentIntentHandle {
  return { outcome, orderId, paymentIntentId, clientSecret, status };
}

// Stripe webhooks: verified, stored once, applied from Stripe's current state.
//
// Stripe delivers each event at least once and in no particular order. So: the signature is
// checked on the raw body (no unverified path in any mode); each event id is stored once, and
// a repeat delivery of an applied event is a no-op; before changing anything the handler
// re-fetches the PaymentIntent, because the event's copy may be older than what we know; an
// event no order can claim yet is kept, unapplied, for the reconciler. Any failure throws, the
// route answers 5xx, and Stripe retries.
import Stripe from "stripe";
import type { PrismaClient } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { recordOrderEvent } from "@/lib/orders/state-machine";
import { faultPoint } from "@/lib/testing/fault-points";
import { recordStripeRefunds } from "./refund-records";
import { syncOrderRefunds, syncOrderWithPaymentIntent } from "./sync";

/** Stripe's default: a signature older than five minutes is refused (replay protection). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface WebhookDeps {
  db: PrismaClient;
  stripe: Stripe;
  webhookSecret: string;
}

export type WebhookResult =
  | { outcome: "applied" | "ignored" | "duplicate"; eventId: string; type: string }
  | { outcome: "pending"; eventId: string; type: string; reason: string };

export function verifyWebhook(stripe: Stripe, rawBody: string, signature: string | null, secret: string): Stripe.Event {
  if (!secret) throw new AppError("webhook_not_configured", "STRIPE_WEBHOOK_SECRET is not set; refusing unverifiable webhooks.");
  if (!signature) throw new AppError("invalid_signature", "Missing Stripe-Signature header.");
  try {
    return stripe.webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (err) {
    throw new AppError("invalid_signature", `Webhook signature verification failed: ${(err as Error).message}`);
  }
}

export async function handleStripeWebhook(deps: WebhookDeps, rawBody: string, signature: string | null): Promise<WebhookResult> {
  const event = verifyWebhook(deps.stripe, rawBody, signature, deps.webhookSecret);
  const { db } = deps;
  const paymentIntentId = paymentIntentIdOf(event);

  const { count } = await db.stripeEvent.createMany({
    data: [{ id: event.id, type: event.type, paymentIntentId, payload: JSON.parse(rawBody) }],
    skipDuplicates: true,
  });
  faultPoint("webhook.after_event_stored");
  if (count === 0) {
    const stored = await db.stripeEvent.update({ where: { id: event.id }, data: { deliveries: { increment: 1 } } });
    // Applied before: a duplicate delivery changes nothing. Not applied yet (it failed, or no
    // order knew its PaymentIntent): try again now.
    if (stored.processedAt) return { outcome: "duplicate", eventId: event.id, type: event.type };
  }
  return applyStoredEvent(deps, event.id, event.type, paymentIntentId);
}

/** Applies one stored event. Safe to repeat; used by the webhook and by the reconciler. */
export async function applyStoredEvent(
  deps: Omit<WebhookDeps, "webhookSecret">,
  eventId: string,
  type: string,
  paymentIntentId: string | null,
): Promise<WebhookResult> {
  const { db, stripe } = deps;
  if (!paymentIntentId || !(type.startsWith("payment_intent.") || type.startsWith("charge.") || type.startsWith("refund."))) {
    await markProcessed(db, eventId);
    return { outcome: "ignored", eventId, type };
  }

  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
  } catch (err) {
    // Stripe has no such PaymentIntent: retrying the event can never help, so acknowledge it.
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError && err.code === "resource_missing")) throw err;
    await db.stripeEvent.update({ where: { id: eventId }, data: { processedAt: new Date(), pendingReason: "PaymentIntent unknown to Stripe" } });
    return { outcome: "ignored", eventId, type };
  }
  faultPoint("webhook.after_stripe_retrieve");
  const order = await findOrderFor(db, intent);
  if (!order) {
    const reason = "no order knows this PaymentIntent yet";
    await db.stripeEvent.update({ where: { id: eventId }, data: { pendingReason: reason } });
    return { outcome: "pending", eventId, type, reason };
  }

  if (order.paymentIntentId === null) {
    // The charge request died between Stripe's answer and saving the id: adopt it now. Not
    // while a charge request holds the order's lease: it is about to save this id itself.
    const adopted = await db.order.updateMany({
      where: { id: order.id, paymentIntentId: null, OR: [{ paymentIntentLeaseUntil: null }, { paymentIntentLeaseUntil: { lt: new Date() } }] },
      data: { paymentIntentId: intent.id },
    });
    if (adopted.count === 1) {
      await recordOrderEvent(db, order.id, "payment_intent_adopted", { source: "webhook", paymentIntentId: intent.id, detail: { eventId } });
    }
  }
  const current = await db.order.findUniqueOrThrow({ where: { id: order.id }, select: { paymentIntentId: true } });
  if (current.paymentIntentId === null) {
    const reason = "the order's charge request is still saving its PaymentIntent";
    await db.stripeEvent.update({ where: { id: eventId }, data: { pendingReason: reason } });
    return { outcome: "pending", eventId, type, reason };
  }
  if (current.paymentIntentId !== intent.id) {
    // Not the order's own PaymentIntent: the reconciler decides (cancel it, or refund a
    // second charge). Recorded, not applied to the order's state.
    await recordOrderEvent(db, order.id, "stripe_event_for_other_payment_intent", {
      source: "webhook",
      paymentIntentId: intent.id,
      detail: { eventId, type, status: intent.status },
    });
    await markProcessed(db, eventId);
    return { outcome: "applied", eventId, type };
  }

  await recordOrderEvent(db, order.id, "stripe_event", { source: "webhook", paymentIntentId: intent.id, detail: { eventId, type, status: intent.status } });
  faultPoint("webhook.after_timeline_recorded");
  await syncOrderWithPaymentIntent(db, order.id, intent, "webhook");
  faultPoint("webhook.after_order_synced");
  const charge = intent.latest_charge && typeof intent.latest_charge === "object" ? intent.latest_charge : null;
  if (charge && charge.amount_refunded > 0) {
    await recordStripeRefunds(deps, order.id, intent.id);
    await syncOrderRefunds(db, order.id, { amountRefunded: charge.amount_refunded, paymentIntentId: intent.id }, "webhook");
  }
  await markProcessed(db, eventId);
  return { outcome: "applied", eventId, type };
}

async function findOrderFor(db: PrismaClient, intent: Stripe.PaymentIntent) {
  const byIntent = await db.order.findUnique({ where: { paymentIntentId: intent.id }, select: { id: true, paymentIntentId: true } });
  if (byIntent) return byIntent;
  const orderId = intent.metadata?.orderId;
  if (!orderId || orderId.length > 64) return null;
  return db.order.findUnique({ where: { id: orderId }, select: { id: true, paymentIntentId: true } });
}

async function markProcessed(db: PrismaClient, eventId: string) {
  await db.stripeEvent.update({ where: { id: eventId }, data: { processedAt: new Date(), pendingReason: null } });
}

function paymentIntentIdOf(event: Stripe.Event): string | null {
  // Signed by Stripe, but still data: anything that is not a plausible id is no PaymentIntent.
  const object = (event.data?.object ?? {}) as { object?: unknown; id?: unknown; payment_intent?: unknown };
  const id = object.object === "payment_intent" ? object.id : object.payment_intent && typeof object.payment_intent === "object" ? (object.payment_intent as { id?: unknown }).id : object.payment_intent;
  return typeof id === "string" && /^pi_[A-Za-z0-9_]{1,100}$/.test(id) ? id : null;
}

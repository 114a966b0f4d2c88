// Refunds from the console (POST /api/admin/refunds). Three guards keep a double-clicked or
// retried Refund to one refund: the console sends one Idempotency-Key per refund attempt and
// the app runs each key once (lib/idempotency); the Stripe call carries a key derived from it,
// so even a retry after a lost answer gets the same refund back; and the amount is checked
// against what Stripe says is left on the charge (not our copy, which a lost webhook may have
// left behind) — and Stripe refuses anything above it anyway.
import Stripe from "stripe";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { asStoredResponse, respondIdempotently, type IdempotentResult } from "@/lib/idempotency/respond";
import { formatMoney } from "@/lib/money";
import { isPaid } from "@/lib/orders/state-machine";
import { toAppError } from "@/lib/payments/stripe-errors";
import { syncOrderRefunds } from "@/lib/payments/sync";
import { sha256 } from "@/lib/security/signing";

export const REFUND_SCOPE = "POST /api/admin/refunds";

export const refundRequestSchema = z.object({
  orderId: z.string().min(1).max(64),
  /** Minor units; absent means everything that is left. */
  amount: z.number().int().min(1).max(99_999_999).optional(),
});
export type RefundInput = z.infer<typeof refundRequestSchema>;

export interface RefundDeps {
  db: PrismaClient;
  stripe: Stripe;
}

export interface RefundResult {
  refund: { id: string; amount: number; currency: string; status: string };
  order: { id: string; status: string; amountRefunded: number };
}

/** Deterministic per console request, and short enough for Stripe's 255 characters. */
export function stripeRefundKey(orderId: string, requestKey: string): string {
  return `chargeonce:admin-refund:${orderId}:${sha256(requestKey).slice(0, 32)}`;
}

export function handleRefundRequest(deps: RefundDeps, input: RefundInput, idempotencyKey: string | null, requestedBy: string): Promise<IdempotentResult> {
  if (!idempotencyKey) throw new AppError("idempotency_key_required", "Send an Idempotency-Key with every refund, the same one on every retry.");
  return respondIdempotently(deps.db, REFUND_SCOPE, idempotencyKey, input, () =>
    asStoredResponse(201, () => refundOrder(deps, input, { requestKey: idempotencyKey, requestedBy })),
  );
}

export async function refundOrder(deps: RefundDeps, input: RefundInput, by: { requestKey: string; requestedBy: string }): Promise<RefundResult> {
  const { db, stripe } = deps;
  const order = await db.order.findUnique({ where: { id: input.orderId }, select: { id: true, status: true, currency: true, paymentIntentId: true } });
  if (!order) throw new AppError("order_not_found", "No order with this id.");
  if (!order.paymentIntentId || !isPaid(order.status)) throw new AppError("order_not_refundable", `Only a paid order can be refunded; this one is ${order.status}.`);

  const charge = await succeededCharge(stripe, order.paymentIntentId);
  const remaining = charge.amount_captured - charge.amount_refunded;
  const amount = input.amount ?? remaining;
  if (remaining <= 0 || amount > remaining) {
    // Stripe knows of refunds we had not recorded (a late webhook): catch up before refusing.
    await syncOrderRefunds(db, order.id, { amountRefunded: charge.amount_refunded, paymentIntentId: order.paymentIntentId }, "admin");
    throw new AppError(
      "refund_exceeds_remaining",
      remaining <= 0 ? "This payment is already fully refunded." : `At most ${formatMoney(remaining, order.currency)} is left to refund.`,
      { details: { remaining } },
    );
  }

  let refund: Stripe.Refund;
  try {
    refund = await stripe.refunds.create(
      { payment_intent: order.paymentIntentId, amount, metadata: { orderId: order.id, requestedBy: by.requestedBy, requestKey: by.requestKey } },
      { idempotencyKey: stripeRefundKey(order.id, by.requestKey) },
    );
  } catch (err) {
    if (err instanceof Stripe.errors.StripeInvalidRequestError && (err.code === "amount_too_large" || err.code === "charge_already_refunded")) {
      throw new AppError("refund_exceeds_remaining", `Stripe refused: ${err.message}`);
    }
    throw toAppError(err);
  }

  await db.refund.createMany({
    data: [
      {
        id: refund.id,
        orderId: order.id,
        paymentIntentId: order.paymentIntentId,
        amount: refund.amount,
        currency: refund.currency,
        status: refund.status ?? "pending",
        requestedBy: by.requestedBy,
        idempotencyKey: by.requestKey,
      },
    ],
    skipDuplicates: true,
  });
  const refunded = await stripe.charges.retrieve(charge.id).then(
    (c) => c.amount_refunded,
    () => charge.amount_refunded + refund.amount, // the refund exists; the webhook will confirm the total
  );
  const { status } = await syncOrderRefunds(db, order.id, { amountRefunded: refunded, paymentIntentId: order.paymentIntentId }, "admin");
  return {
    refund: { id: refund.id, amount: refund.amount, currency: refund.currency, status: refund.status ?? "pending" },
    order: { id: order.id, status, amountRefunded: refunded },
  };
}

async function succeededCharge(stripe: Stripe, paymentIntentId: string): Promise<Stripe.Charge> {
  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
  } catch (err) {
    throw toAppError(err);
  }
  const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;
  if (intent.status !== "succeeded" || !charge) {
    throw new AppError("order_not_refundable", `Stripe reports this payment as ${intent.status}: there is nothing to refund.`);
  }
  return charge;
}

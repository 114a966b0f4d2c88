// The incident's backend (see /work/shared/INCIDENT.md), kept as a control for the e2e suite:
// a NEW PaymentIntent on every request, no idempotency key, the amount taken from the client.
// It exists so the double-charge suite can show that its oracle catches this bug. Reachable
// only in test mode (the route answers 404 otherwise).
import type Stripe from "stripe";
import { z } from "zod";

export const naiveChargeSchema = z.object({
  orderId: z.string().min(1).max(64),
  amount: z.number().int().min(50).max(99_999_999),
});

export async function naiveCharge(stripe: Stripe, { orderId, amount }: z.infer<typeof naiveChargeSchema>) {
  // Deliberately no idempotencyKey: that is the bug this control reproduces.
  const paymentIntent = await stripe.paymentIntents.create({
    amount,
    currency: "usd",
    metadata: { orderId, flow: "naive_control" },
  });
  return { clientSecret: paymentIntent.client_secret };
}

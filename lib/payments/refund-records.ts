// The refunds table mirrors Stripe's refunds for an order's PaymentIntent. The console writes
// its row right after Stripe answers; when that answer is lost (a timeout, a crash) or the
// refund was made elsewhere (Stripe's dashboard), the webhook or the reconciler writes it from
// Stripe's own record, with who asked taken from the refund's metadata.
import type Stripe from "stripe";
import type { PrismaClient } from "@/generated/prisma/client";

export const OUTSIDE_CONSOLE = "Stripe (outside the console)";

/** Records every refund Stripe has for the PaymentIntent that the table lacks; returns how many. */
export async function recordStripeRefunds(
  deps: { db: PrismaClient; stripe: Stripe },
  orderId: string,
  paymentIntentId: string,
): Promise<number> {
  const refunds: Stripe.Refund[] = [];
  for await (const refund of deps.stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })) refunds.push(refund);
  if (!refunds.length) return 0;
  const { count } = await deps.db.refund.createMany({
    data: refunds.map((r) => ({
      id: r.id,
      orderId,
      paymentIntentId,
      amount: r.amount,
      currency: r.currency,
      status: r.status ?? "pending",
      requestedBy: r.metadata?.requestedBy || OUTSIDE_CONSOLE,
      idempotencyKey: r.metadata?.requestKey || `stripe:${r.id}`,
      createdAt: new Date(r.created * 1000),
    })),
    skipDuplicates: true,
  });
  return count;
}

// "The PaymentIntent as Stripe reports it now": asked live, briefly, and never fatal — when
// Stripe is slow or down the console says so and shows everything else it knows.
import Stripe from "stripe";

/** A console page waits this long for Stripe, once, instead of the SDK's timeout and retries. */
const LIVE_VIEW_REQUEST: Stripe.RequestOptions = { timeout: 5_000, maxNetworkRetries: 0 };

export interface LiveCharge {
  id: string;
  status: string;
  amountCaptured: number;
  amountRefunded: number;
}

export interface LivePaymentIntent {
  id: string;
  status: string;
  amount: number;
  amountReceived: number;
  currency: string;
  created: Date;
  lastPaymentError: string | null;
  latestCharge: LiveCharge | null;
  refunds: { id: string; amount: number; status: string | null; created: Date }[];
}

export type LiveView = { ok: true; intent: LivePaymentIntent } | { ok: false; message: string };

export async function paymentIntentAtStripe(stripe: Stripe, paymentIntentId: string): Promise<LiveView> {
  try {
    const [intent, refunds] = await Promise.all([
      stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] }, LIVE_VIEW_REQUEST),
      stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 }, LIVE_VIEW_REQUEST),
    ]);
    const charge = intent.latest_charge && typeof intent.latest_charge === "object" ? intent.latest_charge : null;
    return {
      ok: true,
      intent: {
        id: intent.id,
        status: intent.status,
        amount: intent.amount,
        amountReceived: intent.amount_received,
        currency: intent.currency,
        created: new Date(intent.created * 1000),
        lastPaymentError: intent.last_payment_error?.message ?? null,
        latestCharge: charge && { id: charge.id, status: charge.status, amountCaptured: charge.amount_captured, amountRefunded: charge.amount_refunded },
        refunds: refunds.data.map((r) => ({ id: r.id, amount: r.amount, status: r.status, created: new Date(r.created * 1000) })),
      },
    };
  } catch (err) {
    const reason = err instanceof Stripe.errors.StripeError ? err.message : "no answer";
    return { ok: false, message: `Stripe could not be asked right now (${reason}). Everything else on this page is from our database.` };
  }
}

import type { StripeSettings } from "@/lib/payments/stripe";

/** Where Stripe's dashboard shows a PaymentIntent; null with the emulator (it has no dashboard). */
export function stripeDashboardUrl(settings: Pick<StripeSettings, "mode" | "secretKey">, paymentIntentId: string): string | null {
  if (settings.mode !== "stripe") return null;
  const testMode = /^(sk|rk)_test_/.test(settings.secretKey);
  return `https://dashboard.stripe.com${testMode ? "/test" : ""}/payments/${encodeURIComponent(paymentIntentId)}`;
}

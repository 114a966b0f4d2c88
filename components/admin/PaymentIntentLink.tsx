import { stripeDashboardUrl } from "@/lib/admin/stripe-links";
import { stripeSettings } from "@/lib/payments/stripe";

/** The PaymentIntent id, linked to Stripe's dashboard when the app talks to the real Stripe. */
export function PaymentIntentLink({ id }: { id: string | null }) {
  if (!id) return <span className="muted">—</span>;
  const url = stripeDashboardUrl(stripeSettings(), id);
  const text = <code>{id}</code>;
  return url ? (
    <a href={url} target="_blank" rel="noreferrer noopener">
      {text}
    </a>
  ) : (
    text
  );
}

import { db } from "@/lib/db";
import { handle, json } from "@/lib/http/request";
import { stripe, stripeSettings } from "@/lib/payments/stripe";
import { handleStripeWebhook } from "@/lib/payments/webhooks";

export const dynamic = "force-dynamic";

const MAX_WEBHOOK_BYTES = 512 * 1024;

// The signature covers the raw bytes, so the body is read as text, never parsed first.
export const POST = handle(async (request) => {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_WEBHOOK_BYTES) return json(413, { error: { code: "body_too_large", message: "Webhook body too large." } });
  const rawBody = await request.text();
  const result = await handleStripeWebhook(
    { db, stripe: stripe(), webhookSecret: stripeSettings().webhookSecret },
    rawBody,
    request.headers.get("stripe-signature"),
  );
  return json(200, { received: true, ...result });
});

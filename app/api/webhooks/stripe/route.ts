import { db } from "@/lib/db";
import { handle, json, methodNotAllowed, readText } from "@/lib/http/request";
import { stripe, stripeSettings } from "@/lib/payments/stripe";
import { handleStripeWebhook } from "@/lib/payments/webhooks";

export const dynamic = "force-dynamic";

const MAX_WEBHOOK_BYTES = 512 * 1024;

// The signature covers the raw bytes, so the body is read as text, never parsed first.
export const POST = handle(async (request) => {
  const rawBody = await readText(request, MAX_WEBHOOK_BYTES);
  const result = await handleStripeWebhook(
    { db, stripe: stripe(), webhookSecret: stripeSettings().webhookSecret },
    rawBody,
    request.headers.get("stripe-signature"),
  );
  return json(200, { received: true, ...result });
});

export const GET = methodNotAllowed(["POST"]);

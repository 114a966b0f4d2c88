import { db } from "@/lib/db";
import { handle, idempotentJson, methodNotAllowed, readIdempotencyKey, readJson } from "@/lib/http/request";
import { sessionHashOf } from "@/lib/http/shopper";
import { chargeRequestSchema, handleChargeRequest } from "@/lib/payments/charge-request";
import { stripe } from "@/lib/payments/stripe";
import { clientKey, enforceRateLimit } from "@/lib/security/request-limits";

export const dynamic = "force-dynamic";

export const POST = handle(async (request) => {
  const shopperHash = sessionHashOf(request);
  enforceRateLimit("charge", clientKey(shopperHash, request.headers));
  const idempotencyKey = readIdempotencyKey(request);
  const input = await readJson(request, chargeRequestSchema);
  return idempotentJson(await handleChargeRequest({ db, stripe: stripe() }, input, idempotencyKey, shopperHash));
});

export const GET = methodNotAllowed(["POST"]);

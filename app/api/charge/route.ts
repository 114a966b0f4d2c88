import { db } from "@/lib/db";
import { handle, idempotentJson, readIdempotencyKey, readJson } from "@/lib/http/request";
import { sessionHashOf } from "@/lib/http/shopper";
import { chargeRequestSchema, handleChargeRequest } from "@/lib/payments/charge-request";
import { stripe } from "@/lib/payments/stripe";

export const dynamic = "force-dynamic";

export const POST = handle(async (request) => {
  const idempotencyKey = readIdempotencyKey(request);
  const input = await readJson(request, chargeRequestSchema);
  return idempotentJson(await handleChargeRequest({ db, stripe: stripe() }, input, idempotencyKey, sessionHashOf(request)));
});

import { handleRefundRequest, refundRequestSchema } from "@/lib/admin/refunds";
import { db } from "@/lib/db";
import { idempotentJson, readIdempotencyKey, readJson } from "@/lib/http/request";
import { stripe } from "@/lib/payments/stripe";
import { adminHandler } from "../admin-handler";

export const dynamic = "force-dynamic";

export const POST = adminHandler(async (request, admin) => {
  const idempotencyKey = readIdempotencyKey(request);
  const input = await readJson(request, refundRequestSchema);
  return idempotentJson(await handleRefundRequest({ db, stripe: stripe() }, input, idempotencyKey, admin.name));
});

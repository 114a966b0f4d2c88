import { db } from "@/lib/db";
import { handle, idempotentJson, readIdempotencyKey, readJson } from "@/lib/http/request";
import { handleOrderRequest, orderRequestSchema } from "@/lib/orders/order-request";

export const dynamic = "force-dynamic";

export const POST = handle(async (request) => {
  const idempotencyKey = readIdempotencyKey(request);
  const { items } = await readJson(request, orderRequestSchema);
  return idempotentJson(await handleOrderRequest(db, items, idempotencyKey));
});

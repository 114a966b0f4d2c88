import { db } from "@/lib/db";
import { handle, idempotentJson, methodNotAllowed, readIdempotencyKey, readJson } from "@/lib/http/request";
import { sessionFor, sessionHashOf } from "@/lib/http/shopper";
import { handleOrderRequest, orderRequestSchema } from "@/lib/orders/order-request";
import { clientKey, enforceRateLimit } from "@/lib/security/request-limits";

export const dynamic = "force-dynamic";

export const POST = handle(async (request) => {
  enforceRateLimit("orders", clientKey(sessionHashOf(request), request.headers));
  const idempotencyKey = readIdempotencyKey(request);
  const { items } = await readJson(request, orderRequestSchema);
  const session = sessionFor(request);
  const result = await handleOrderRequest(db, items, idempotencyKey, session.hash);
  const response = idempotentJson(result);
  // Only the request that placed the order hands out the session that owns it; a replay or a
  // 409 must not give the browser another session in its place.
  const placedHere = result.status === 201 && !result.replayed;
  if (session.setCookie && placedHere) response.headers.append("set-cookie", session.setCookie);
  return response;
});

export const GET = methodNotAllowed(["POST"]);

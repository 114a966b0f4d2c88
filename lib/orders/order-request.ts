// POST /api/orders as a use case: a double-clicked "Place order" (same Idempotency-Key)
// places one order.
import type { PrismaClient } from "@/generated/prisma/client";
import { asStoredResponse, respondIdempotently, type IdempotentResult } from "@/lib/idempotency/respond";
import { z } from "zod";
import { MAX_LINES, MAX_QUANTITY, placeOrder, type CartLine } from "./create-order";

export const orderRequestSchema = z.object({
  items: z
    .array(
      z.object({
        productId: z.string().min(1).max(64),
        quantity: z.number().int().min(1).max(MAX_QUANTITY),
      }),
    )
    .min(1)
    .max(MAX_LINES),
});

export const ORDERS_SCOPE = "POST /api/orders";

export function handleOrderRequest(
  db: PrismaClient,
  items: CartLine[],
  idempotencyKey: string | null,
  ownerHash: string | null,
): Promise<IdempotentResult> {
  // Not scoped per session: a browser's very first order arrives before it has a cookie, and a
  // double click then comes from two would-be sessions. Keys are random, so none collide.
  return respondIdempotently(db, ORDERS_SCOPE, idempotencyKey, { items }, () => asStoredResponse(201, () => placeOrder(db, items, { ownerHash })));
}

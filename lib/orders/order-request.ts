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

export function handleOrderRequest(db: PrismaClient, items: CartLine[], idempotencyKey: string | null): Promise<IdempotentResult> {
  return respondIdempotently(db, ORDERS_SCOPE, idempotencyKey, { items }, () => asStoredResponse(201, () => placeOrder(db, items)));
}

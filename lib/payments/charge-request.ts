// POST /api/charge as a use case: request idempotency around ensurePaymentIntent, and one
// ChargeRequest row per request so merchants and tests can count the duplicates absorbed.
import type Stripe from "stripe";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { ChargeOutcome } from "@/generated/prisma/enums";
import { AppError } from "@/lib/errors";
import { refusal, respondIdempotently, type IdempotentResult } from "@/lib/idempotency/respond";
import { fingerprint } from "@/lib/idempotency";
import { ensurePaymentIntent } from "./charge";
import { tryFastRepeat } from "./charge-fast-path";

export const chargeRequestSchema = z.object({
  orderId: z.string().min(1).max(64),
  /** Optional: only compared with the order's own amount, never used to charge. */
  amount: z.number().int().min(0).max(99_999_999).optional(),
});
export type ChargeInput = z.infer<typeof chargeRequestSchema>;

export const CHARGE_SCOPE = "POST /api/charge";

/**
 * Keys are scoped per shopper session, as Stripe scopes them per account: a replay answers
 * with a client secret, so another browser presenting the same key must not get it.
 */
export function chargeScope(shopperHash: string | null): string {
  return shopperHash ? `${CHARGE_SCOPE} ${shopperHash}` : CHARGE_SCOPE;
}

export async function handleChargeRequest(
  deps: { db: PrismaClient; stripe: Stripe },
  input: ChargeInput,
  idempotencyKey: string | null,
  shopperHash: string | null = null,
): Promise<IdempotentResult> {
  const fast = await tryFastRepeat(deps.db, {
    orderId: input.orderId,
    claimedAmount: input.amount,
    shopperHash,
    scope: chargeScope(shopperHash),
    idempotencyKey,
    fingerprint: fingerprint(input),
  });
  if (fast) return { status: 200, body: fast.body, replayed: false, idempotency: idempotencyKey ? "executed" : "none" };

  let outcome: ChargeOutcome | undefined;
  let detail: string | undefined;
  let paymentIntentId: string | undefined;

  let result: IdempotentResult;
  try {
    result = await respondIdempotently(deps.db, chargeScope(shopperHash), idempotencyKey, input, async () => {
      try {
        const intent = await ensurePaymentIntent(deps, input.orderId, { claimedAmount: input.amount, shopperHash });
        outcome = intent.outcome;
        paymentIntentId = intent.paymentIntentId;
        const { orderId, clientSecret, status } = intent;
        return { status: 200, body: { orderId, paymentIntentId, clientSecret, status } };
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        detail = err.code;
        return refusal(err);
      }
    });
  } catch (err) {
    detail = err instanceof AppError ? err.code : "internal_error";
    await recordChargeRequest(deps.db, { orderId: input.orderId, idempotencyKey, outcome: "rejected", detail });
    throw err;
  }

  switch (result.idempotency) {
    case "replayed":
      detail = "idempotent_replay";
      paymentIntentId = (result.body as { paymentIntentId?: string } | null)?.paymentIntentId;
      outcome = paymentIntentId ? "reused" : "rejected";
      break;
    case "in_flight":
      detail = "idempotency_key_in_flight";
      outcome = "conflict";
      break;
    case "mismatch":
      detail = "idempotency_key_reused";
      outcome = "rejected";
      break;
    default:
      outcome ??= detail === "request_in_progress" ? "conflict" : "rejected";
  }
  await recordChargeRequest(deps.db, { orderId: input.orderId, idempotencyKey, outcome, detail, paymentIntentId });
  return result;
}

async function recordChargeRequest(
  db: PrismaClient,
  row: { orderId: string; idempotencyKey: string | null; outcome: ChargeOutcome; detail?: string; paymentIntentId?: string },
) {
  // A request for an order that does not exist changed nothing and belongs to no order.
  if (row.detail === "order_not_found") return;
  await db.chargeRequest.create({
    data: {
      orderId: row.orderId,
      idempotencyKey: row.idempotencyKey,
      outcome: row.outcome,
      detail: row.detail ?? null,
      paymentIntentId: row.paymentIntentId ?? null,
    },
  });
}

// The hot path of POST /api/charge — an order that already has its PaymentIntent — in one
// SQL statement: read the order, store the request's idempotent response, and log the
// request as "reused". It answers exactly what the general path (respondIdempotently +
// ensurePaymentIntent + the charge log) would answer and stores the same rows; whenever
// anything is unusual (no PaymentIntent yet, a paid or failed order, a key already used, a
// tampered amount, another browser's order) it declines and the general path runs.
import type { PrismaClient } from "@/generated/prisma/client";

export interface FastRepeat {
  body: { orderId: string; paymentIntentId: string; clientSecret: string; status: string };
}

export async function tryFastRepeat(
  db: PrismaClient,
  request: { orderId: string; claimedAmount?: number; shopperHash: string | null; scope: string; idempotencyKey: string | null; fingerprint: string },
): Promise<FastRepeat | null> {
  const { orderId, shopperHash, scope, idempotencyKey, fingerprint } = request;
  const claimedAmount = request.claimedAmount ?? null;
  const rows = await db.$queryRaw<{ id: string; payment_intent_id: string; client_secret: string; status: string; stored: boolean }[]>`
    WITH o AS (
      SELECT id, payment_intent_id, payment_intent_client_secret AS client_secret, status::text AS status
      FROM orders
      WHERE id = ${orderId}
        AND payment_intent_id IS NOT NULL AND payment_intent_client_secret IS NOT NULL
        AND status IN ('pending', 'awaiting_payment', 'processing')
        AND (owner_hash IS NULL OR owner_hash = ${shopperHash})
        AND (${claimedAmount}::int IS NULL OR amount = ${claimedAmount}::int)
    ), response AS (
      SELECT jsonb_build_object('orderId', id, 'paymentIntentId', payment_intent_id, 'clientSecret', client_secret, 'status', status) AS body FROM o
    ), key_row AS (
      INSERT INTO idempotency_keys (scope, key, fingerprint, response_status, response_body)
      SELECT ${scope}, ${idempotencyKey}, ${fingerprint}, 200, body FROM response WHERE ${idempotencyKey}::text IS NOT NULL
      ON CONFLICT (scope, key) DO NOTHING
      RETURNING id
    ), accepted AS (
      SELECT o.* FROM o WHERE ${idempotencyKey}::text IS NULL OR EXISTS (SELECT 1 FROM key_row)
    ), log AS (
      INSERT INTO charge_requests (order_id, idempotency_key, outcome, payment_intent_id)
      SELECT id, ${idempotencyKey}, 'reused', payment_intent_id FROM accepted
    )
    SELECT id, payment_intent_id, client_secret, status, true AS stored FROM accepted`;
  const row = rows[0];
  if (!row) return null;
  return { body: { orderId: row.id, paymentIntentId: row.payment_intent_id, clientSecret: row.client_secret, status: row.status } };
}

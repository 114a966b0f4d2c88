// Request-level idempotency for the app's own POST endpoints, with Stripe's semantics
// (after Brandur Leach's "Implementing Stripe-like idempotency keys in Postgres"):
// the first request with a key runs and its response is stored; a repeat gets the stored
// response; the same key with another body is refused; the same key while the first
// request still runs gets 409. The database decides who runs (unique (scope, key)).
import crypto from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { Prisma } from "@/generated/prisma/client";
import { faultPoint } from "@/lib/testing/fault-points";

export const MAX_KEY_LENGTH = 255;

export interface StoredResponse {
  status: number;
  body: unknown;
  /**
   * false: answer it but forget the key, as Stripe does for refusals that happen before the
   * request runs (validation) and for temporary ones (409 "still in progress").
   */
  store?: boolean;
}

export type IdempotencyOutcome =
  | { kind: "executed"; response: StoredResponse }
  | { kind: "replayed"; response: StoredResponse }
  | { kind: "mismatch" }
  | { kind: "in_flight"; retryAfterSeconds: number };

export interface IdempotencyOptions {
  /** A lock older than this belongs to a request whose process died: take it over. */
  lockTimeoutMs?: number;
  /** Keys are forgotten after this long, as Stripe forgets them after 24 hours. */
  ttlMs?: number;
}

const DEFAULT_LOCK_TIMEOUT_MS = Number(process.env.IDEMPOTENCY_LOCK_TIMEOUT_MS ?? 30_000);
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

/** Same parameters ⇔ same fingerprint, whatever the key order in the JSON. */
export function fingerprint(value: unknown): string {
  return crypto.createHash("sha256").update(canonicalJson(value)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Runs `execute` at most once per (scope, key) at a time and stores its response.
 * Responses with status >= 500, and those marked `store: false`, are not stored, so a retry
 * with the same key runs again (every operation behind this is itself safe to repeat).
 */
export async function runIdempotently(
  db: PrismaClient,
  request: { scope: string; key: string; fingerprint: string },
  execute: () => Promise<StoredResponse>,
  options: IdempotencyOptions = {},
): Promise<IdempotencyOutcome> {
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const { scope, key } = request;

  for (let attempt = 0; attempt < 3; attempt++) {
    const { count } = await db.idempotencyKey.createMany({
      data: [{ scope, key, fingerprint: request.fingerprint, lockedAt: new Date() }],
      skipDuplicates: true,
    });
    if (count === 1) {
      faultPoint("idempotency.after_key_claimed");
      return { kind: "executed", response: await executeAndStore(db, scope, key, execute) };
    }

    const existing = await db.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
    if (!existing) continue; // deleted meanwhile (expired, or its request failed): try again
    if (existing.createdAt.getTime() < Date.now() - ttlMs) {
      await db.idempotencyKey.deleteMany({ where: { id: existing.id } });
      continue;
    }
    if (existing.fingerprint !== request.fingerprint) return { kind: "mismatch" };
    if (existing.responseStatus !== null) {
      return { kind: "replayed", response: { status: existing.responseStatus, body: existing.responseBody } };
    }
    const lockedAt = existing.lockedAt?.getTime() ?? 0;
    if (lockedAt > Date.now() - lockTimeoutMs) {
      return { kind: "in_flight", retryAfterSeconds: 1 };
    }
    // The request holding the lock died before answering: whoever swaps the lock runs it.
    const takeover = await db.idempotencyKey.updateMany({
      where: { id: existing.id, lockedAt: existing.lockedAt, responseStatus: null },
      data: { lockedAt: new Date() },
    });
    if (takeover.count === 1) return { kind: "executed", response: await executeAndStore(db, scope, key, execute) };
    return { kind: "in_flight", retryAfterSeconds: 1 };
  }
  return { kind: "in_flight", retryAfterSeconds: 1 };
}

async function executeAndStore(
  db: PrismaClient,
  scope: string,
  key: string,
  execute: () => Promise<StoredResponse>,
): Promise<StoredResponse> {
  let response: StoredResponse;
  try {
    response = await execute();
  } catch (err) {
    await db.idempotencyKey.deleteMany({ where: { scope, key, responseStatus: null } });
    throw err;
  }
  if (response.status >= 500 || response.store === false) {
    await db.idempotencyKey.deleteMany({ where: { scope, key, responseStatus: null } });
  } else {
    await db.idempotencyKey.update({
      where: { scope_key: { scope, key } },
      data: { responseStatus: response.status, responseBody: (response.body ?? Prisma.JsonNull) as Prisma.InputJsonValue, lockedAt: null },
    });
    faultPoint("idempotency.after_response_stored");
  }
  return response;
}

/** Deletes keys older than the TTL; run from a periodic job. */
export async function purgeExpiredKeys(db: PrismaClient, ttlMs = DEFAULT_TTL_MS): Promise<number> {
  const { count } = await db.idempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - ttlMs) } } });
  return count;
}

// The HTTP face of runIdempotently: what a POST endpoint answers for each outcome.
import type { PrismaClient } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { fingerprint, runIdempotently, type StoredResponse } from "./index";

export interface IdempotentResult {
  status: number;
  body: unknown;
  /** Answered from the store: send `Idempotent-Replayed: true`. */
  replayed: boolean;
  retryAfterSeconds?: number;
  idempotency: "none" | "executed" | "replayed" | "mismatch" | "in_flight";
}

export async function respondIdempotently(
  db: PrismaClient,
  scope: string,
  key: string | null,
  params: unknown,
  execute: () => Promise<StoredResponse>,
): Promise<IdempotentResult> {
  if (key === null) return fromExecuted(await execute(), "none");
  const result = await runIdempotently(db, { scope, key, fingerprint: fingerprint(params) }, execute);
  switch (result.kind) {
    case "executed":
      return fromExecuted(result.response, "executed");
    case "replayed":
      return { status: result.response.status, body: result.response.body, replayed: true, idempotency: "replayed" };
    case "mismatch": {
      const err = new AppError("idempotency_key_reused", "This Idempotency-Key was already used with a different request body.");
      return { status: err.status, body: err.toBody(), replayed: false, idempotency: "mismatch" };
    }
    case "in_flight": {
      const err = new AppError("request_in_progress", "A request with this Idempotency-Key is still being processed. Retry shortly.");
      return { status: err.status, body: err.toBody(), replayed: false, retryAfterSeconds: result.retryAfterSeconds, idempotency: "in_flight" };
    }
  }
}

function fromExecuted(response: StoredResponse, idempotency: "none" | "executed"): IdempotentResult {
  return {
    status: response.status,
    body: response.body,
    replayed: false,
    retryAfterSeconds: response.status === 409 && response.store === false ? 1 : undefined,
    idempotency,
  };
}

/** Refusals that mean "this request could not start", which Stripe does not store either. */
const NOT_STORED: ReadonlySet<string> = new Set(["request_in_progress", "order_not_found", "unknown_product", "invalid_request"]);

/** The response for a use case's AppError (4xx), stored unless the request never started. */
export function refusal(err: AppError): StoredResponse {
  return { status: err.status, body: err.toBody(), store: !NOT_STORED.has(err.code) };
}

/** Runs a use case and turns its 4xx AppError into a response; 5xx and bugs propagate. */
export async function asStoredResponse(status: number, run: () => Promise<unknown>): Promise<StoredResponse> {
  try {
    return { status, body: await run() };
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return refusal(err);
  }
}

import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultKind, FaultRegistry } from "./faults.js";
import { authenticate, publishableNotAllowed } from "./http/auth.js";
import { ApiError, internalError, invalidRequest } from "./http/errors.js";
import { parseForm, type FormObject, type FormValue } from "./http/form.js";
import { readBody, sendJson, sleep } from "./http/io.js";
import type { ApiResult, Execute, RequestContext, Router } from "./http/router.js";
import type { IdempotencyStore } from "./idempotency.js";
import type { State } from "./state.js";

/**
 * The /v1 request pipeline, in Stripe's order:
 *   route → body → auth → validate → pre-execution faults → idempotency claim
 *   → added latency → execute → store result → answer (or drop it)
 * Failures before "execute" are never stored, so a retry with the same key runs afresh.
 */
export interface ApiDeps {
  router: Router;
  state: State;
  idempotency: IdempotencyStore;
  faults: FaultRegistry;
  log: (line: string) => void;
}

export async function handleApiRequest(deps: ApiDeps, req: IncomingMessage, res: ServerResponse, pathname: string, query: string, requestId: string): Promise<void> {
  const method = req.method ?? "GET";
  const match = deps.router.match(method, pathname);
  if (match.kind === "not_found") {
    await drain(req);
    return fail(res, invalidRequest(`Unrecognized request URL (${method}: ${pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`, {}, 404));
  }
  const { route, path } = match;
  const endpoint = `${method} ${route.pattern}`;
  const counters = deps.state.counters;
  counters.requests[endpoint] = (counters.requests[endpoint] ?? 0) + 1;

  const body = method === "GET" ? { kind: "ok" as const, text: "" } : await readBody(req);
  if (body.kind === "aborted") return;
  if (body.kind === "too_large") {
    fail(res, invalidRequest("Request body too large: the emulator, like Stripe, accepts at most 1 MB.", {}, 413), { Connection: "close" });
    if (body.abandon) res.on("finish", () => req.destroy());
    return;
  }

  let params: FormObject;
  try {
    params = parseRequestParams(req, method, body.text, query);
  } catch (err) {
    return fail(res, err);
  }

  const authorization = req.headers.authorization;
  const apiKey = authenticate(authorization, route.publishable && typeof params.key === "string" ? params.key : undefined);
  if (apiKey instanceof ApiError) return fail(res, apiKey);
  if (apiKey.kind === "publishable" && !route.publishable) return fail(res, publishableNotAllowed());

  const idempotencyKey = method === "POST" ? headerValue(req, "idempotency-key") : null;
  const ctx: RequestContext = { requestId, idempotencyKey, apiKey, baseUrl: `http://${req.headers.host ?? "127.0.0.1"}` };

  let execute: Execute;
  try {
    execute = route.prepare({ params, path, ctx });
  } catch (err) {
    return fail(res, err);
  }

  const faults = deps.faults.isEmpty
    ? { latencyMs: 0, failure: null }
    : deps.faults.take({ method, path: pathname, idempotencyKey, metadata: () => faultMetadata(deps.state, params, path) });
  if (faults.failure && preExecutionFailure(faults.failure, req, res, idempotencyKey)) return;

  let claim: ReturnType<IdempotencyStore["claim"]> | null = null;
  if (idempotencyKey !== null) {
    try {
      claim = deps.idempotency.claim(apiKey.value, idempotencyKey, endpoint, fingerprint(params));
    } catch (err) {
      return fail(res, err);
    }
    if (claim.kind === "replay") {
      counters.idempotentReplays++;
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      if (faults.failure === "drop_response") return void req.socket.destroy();
      return sendJson(res, claim.response.status, claim.response.body, {
        "Idempotent-Replayed": "true",
        "Original-Request": claim.response.requestId,
        "Idempotency-Key": idempotencyKey,
      });
    }
  }

  if (faults.latencyMs > 0) await sleep(faults.latencyMs);

  let result: ApiResult & { headers?: Record<string, string> };
  try {
    result = execute();
  } catch (err) {
    if (!(err instanceof ApiError)) {
      // A bug, not an API answer: do not store it, so a retry executes again.
      claim?.release();
      deps.log(`internal error on ${endpoint}: ${(err as Error).stack ?? String(err)}`);
      return fail(res, internalError());
    }
    result = { status: err.status, body: err.toJSON(), headers: err.headers };
  }
  const text = JSON.stringify(result.body);
  claim?.commit({ status: result.status, body: text, requestId });
  if (faults.failure === "drop_response") return void req.socket.destroy();
  sendJson(res, result.status, text, idempotencyKey !== null ? { ...result.headers, "Idempotency-Key": idempotencyKey } : result.headers);
}

/** error500 / rate_limit / in_flight_409 / connection_reset happen before anything runs. Returns true if it answered. */
function preExecutionFailure(kind: FaultKind, req: IncomingMessage, res: ServerResponse, idempotencyKey: string | null): boolean {
  switch (kind) {
    case "error500":
      fail(res, internalError("An unknown error occurred (injected by the emulator: error500)."));
      return true;
    case "rate_limit":
      fail(res, new ApiError(429, { type: "invalid_request_error", code: "rate_limit", message: "Request rate limit exceeded. (injected by the emulator: rate_limit)" }));
      return true;
    case "in_flight_409":
      fail(
        res,
        new ApiError(409, {
          type: "invalid_request_error",
          code: "idempotency_key_in_use",
          message: `There is currently another in-progress request using this Idempotency-Key (that probably means you submitted twice, and the other request is still going through): ${idempotencyKey ?? ""}. Please try again later. (injected by the emulator: in_flight_409)`,
        }),
      );
      return true;
    case "connection_reset":
      req.socket.resetAndDestroy();
      return true;
    default:
      return false;
  }
}

function parseRequestParams(req: IncomingMessage, method: string, body: string, query: string): FormObject {
  if (method === "GET" || method === "DELETE" || body.length === 0) return parseForm(query);
  const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (contentType !== "application/x-www-form-urlencoded") {
    throw invalidRequest(
      `Invalid request: the Stripe API takes form-encoded bodies (Content-Type: application/x-www-form-urlencoded), not '${contentType || "none"}'.`,
    );
  }
  return parseForm(body);
}

/** Faults match the request's metadata, or that of the PaymentIntent it addresses. */
function faultMetadata(state: State, params: FormObject, path: Record<string, string>): Record<string, string> {
  const own = typeof params.metadata === "object" && !Array.isArray(params.metadata) ? (params.metadata as Record<string, string>) : {};
  const pi = path.id?.startsWith("pi_") ? state.paymentIntents.get(path.id) : undefined;
  return pi ? { ...pi.metadata, ...own } : own;
}

/**
 * Same parameters ⇔ same fingerprint, whatever order they were sent in. Stored as a digest
 * so a key's memory does not grow with the size of its request.
 */
export function fingerprint(params: FormObject): string {
  return createHash("sha256").update(canonical(params)).digest("base64");
}

function canonical(value: FormValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k]!)}`).join(",")}}`;
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" ? value : Array.isArray(value) ? value[0]! : null;
}

function fail(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): void {
  const error = err instanceof ApiError ? err : internalError();
  sendJson(res, error.status, error.toJSON(), { ...error.headers, ...headers });
}

function drain(req: IncomingMessage): Promise<void> {
  return readBody(req).then(() => undefined);
}

// Parsing and answering for route handlers, on the web-standard Request/Response.
import type { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/database-errors";
import { AppError } from "@/lib/errors";
import { MAX_KEY_LENGTH } from "@/lib/idempotency";
import { API_SECURITY_HEADERS } from "@/lib/security/headers";
import { checkSameOrigin } from "@/lib/security/origin";

export const MAX_BODY_BYTES = 16 * 1024;

/** Reads a JSON body of at most `maxBytes` and validates it; refuses with a 4xx AppError. */
export async function readJson<T>(request: Request, schema: z.ZodType<T>, maxBytes = MAX_BODY_BYTES): Promise<T> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  const text = await readText(request, maxBytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The body is not valid JSON.");
  }
  // PostgreSQL text cannot hold NUL, so no valid value contains one; refuse it here rather
  // than let it reach a query as a 500.
  if (nestingDepth(raw) > MAX_JSON_DEPTH) throw new AppError("invalid_request", `The body is nested more than ${MAX_JSON_DEPTH} levels deep.`);
  if (containsNul(raw)) throw new AppError("invalid_request", "Text fields may not contain NUL characters.");
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join(".") : "body";
    throw new AppError("invalid_request", `${where}: ${issue.message}`, {
      details: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data;
}

const MAX_JSON_DEPTH = 32;

/** How deeply arrays and objects nest, walked without recursion (a deep body is no stack bomb). */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (!v || typeof v !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Safe to recurse: only called on bodies at most MAX_JSON_DEPTH deep. */
function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object") return Object.entries(value).some(([k, v]) => k.includes("\u0000") || containsNul(v));
  return false;
}

/** The raw body as text, refused with 413 past `maxBytes` whether or not Content-Length says so. */
export async function readText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("body_too_large", `The body may be at most ${maxBytes} bytes.`);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AppError("body_too_large", `The body may be at most ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The optional Idempotency-Key header: 1 to 255 printable ASCII characters. */
export function readIdempotencyKey(request: Request): string | null {
  const key = request.headers.get("idempotency-key");
  if (key === null) return null;
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw new AppError("invalid_idempotency_key", `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters without spaces.`);
  }
  return key;
}

/** For the methods a route does not serve: a JSON 405 like every other refusal. */
export function methodNotAllowed(allow: string[]) {
  return handle(async () => {
    throw new AppError("method_not_allowed", `Use ${allow.join(" or ")}.`, { allow });
  });
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...API_SECURITY_HEADERS, ...headers },
  });
}

const DATABASE_UNAVAILABLE = new AppError(
  "database_unavailable",
  "Our database is not reachable right now (it may be restarting). Please retry in a moment: retrying is safe.",
  { retryAfterSeconds: 2 },
);

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    const headers: Record<string, string> = {};
    if (err.extra.retryAfterSeconds) headers["retry-after"] = String(err.extra.retryAfterSeconds);
    if (err.extra.allow) headers.allow = err.extra.allow.join(", ");
    return json(err.status, err.toBody(), headers);
  }
  if (isDatabaseUnavailable(err)) {
    console.error("Database unavailable:", (err as Error).message?.split("\n").at(-1));
    return errorResponse(DATABASE_UNAVAILABLE);
  }
  console.error("Unexpected error", err);
  return json(500, { error: { code: "internal_error", message: "Something went wrong on our side. Please try again." } });
}

/**
 * Wraps a handler so every AppError becomes its 4xx/5xx JSON and nothing else leaks, and
 * refuses cross-site POSTs before the handler runs.
 */
export function handle(fn: (request: Request, ctx: any) => Promise<Response>) {
  return async (request: Request, ctx: unknown) => {
    try {
      const crossSite = checkSameOrigin(request);
      if (crossSite) throw crossSite;
      return await fn(request, ctx);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Answers an idempotent endpoint's result with Stripe's headers. */
export function idempotentJson(result: { status: number; body: unknown; replayed: boolean; retryAfterSeconds?: number }): Response {
  const headers: Record<string, string> = {};
  if (result.replayed) headers["idempotent-replayed"] = "true";
  if (result.retryAfterSeconds) headers["retry-after"] = String(result.retryAfterSeconds);
  return json(result.status, result.body, headers);
}

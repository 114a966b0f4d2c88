// Parsing and answering for route handlers, on the web-standard Request/Response.
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { MAX_KEY_LENGTH } from "@/lib/idempotency";

export const MAX_BODY_BYTES = 16 * 1024;

/** Reads a JSON body of at most `maxBytes` and validates it; refuses with a 4xx AppError. */
export async function readJson<T>(request: Request, schema: z.ZodType<T>, maxBytes = MAX_BODY_BYTES): Promise<T> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("body_too_large", `The body may be at most ${maxBytes} bytes.`);
  const text = await readLimited(request, maxBytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The body is not valid JSON.");
  }
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

async function readLimited(request: Request, maxBytes: number): Promise<string> {
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

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    const headers: Record<string, string> = {};
    if (err.extra.retryAfterSeconds) headers["retry-after"] = String(err.extra.retryAfterSeconds);
    return json(err.status, err.toBody(), headers);
  }
  console.error("Unexpected error", err);
  return json(500, { error: { code: "internal_error", message: "Something went wrong on our side. Please try again." } });
}

/** Wraps a handler so every AppError becomes its 4xx/5xx JSON and nothing else leaks. */
export function handle(fn: (request: Request, ctx: any) => Promise<Response>) {
  return async (request: Request, ctx: unknown) => {
    try {
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

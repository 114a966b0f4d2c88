import type { IncomingMessage, ServerResponse } from "node:http";

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Past this, stop reading and close the connection instead of draining a runaway upload. */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

export type BodyResult = { kind: "ok"; text: string } | { kind: "too_large"; abandon: boolean } | { kind: "aborted" };

/** Reads the request body; over the limit it keeps draining (so the client sees our 413, not EPIPE). */
export function readBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<BodyResult> {
  const declared = Number(req.headers["content-length"] ?? -1);
  if (declared > DRAIN_LIMIT_BYTES) return Promise.resolve({ kind: "too_large", abandon: true });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) {
        req.pause();
        settle({ kind: "too_large", abandon: true });
      }
    });
    req.on("end", () => settle(size > limit ? { kind: "too_large", abandon: false } : { kind: "ok", text: Buffer.concat(chunks).toString("utf8") }));
    req.on("error", () => settle({ kind: "aborted" }));
    req.on("close", () => settle({ kind: "aborted" }));
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, typeof body === "string" ? body : JSON.stringify(body), "application/json", headers);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType: string, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { ...headers, "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "Request-Id, Idempotent-Replayed, Original-Request, Stripe-Version",
};

export function sendPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(204, {
    "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "Authorization, Content-Type, Stripe-Version, Idempotency-Key",
    "Access-Control-Max-Age": "600",
    "Content-Length": "0",
  });
  res.end();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Per-client rate limits on the shopper APIs, counted in each instance's memory
// (lib/security/memory-rate-limit.ts): a limit checked on every request must not cost a
// database write on the hot path. With N instances a client gets up to N × the limit. A client is its signed shopper session when it has one, else
// its address as the reverse proxy reports it. Limits come from the environment; the defaults
// are generous (a person never gets near them, load tests and the chaos tool neither), and 0
// switches a limit off.
import { AppError } from "@/lib/errors";
import { MemoryRateLimiter } from "./memory-rate-limit";

const globalForLimits = globalThis as unknown as { shopperRateLimiter?: MemoryRateLimiter };
const limiter = (globalForLimits.shopperRateLimiter ??= new MemoryRateLimiter());

export type LimitedEndpoint = "orders" | "charge";

const LIMITS: Record<LimitedEndpoint, { env: string; perMinute: number }> = {
  orders: { env: "RATE_LIMIT_ORDERS_PER_MINUTE", perMinute: 600 },
  charge: { env: "RATE_LIMIT_CHARGE_PER_MINUTE", perMinute: 1200 },
};

export function limitPerMinute(endpoint: LimitedEndpoint, env: NodeJS.ProcessEnv = process.env): number {
  const { env: name, perMinute } = LIMITS[endpoint];
  const configured = env[name];
  return configured === undefined || configured === "" ? perMinute : Number(configured);
}

/** Who is asking: the shopper session if the cookie is valid, else the client address. */
export function clientKey(sessionHash: string | null, headers: Headers): string {
  if (sessionHash) return `session:${sessionHash}`;
  // The first hop of X-Forwarded-For is what the proxy in front of the app saw; with no proxy
  // every cookie-less caller shares one bucket, which errs on the side of refusing.
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip");
  return `ip:${forwarded || "unknown"}`.slice(0, 200);
}

/** Counts one request; throws 429 rate_limited with Retry-After past the limit. */
export function enforceRateLimit(endpoint: LimitedEndpoint, client: string): void {
  const limit = limitPerMinute(endpoint);
  if (!(limit > 0)) return;
  const result = limiter.hit(`${endpoint}:${client}`, { limit, windowMs: 60_000 });
  if (!result.allowed) {
    throw new AppError("rate_limited", `Too many requests. Please wait ${result.retryAfterSeconds} s and try again.`, {
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
}

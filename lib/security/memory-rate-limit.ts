// A fixed-window rate limiter in process memory, for the shopper endpoints' hot path: it
// costs no database round trip per request, which a per-request limit must not. Its counts
// are per instance, so with N instances a client may send up to N × the limit; that is a
// protective limit (abuse, runaway retry loops), never a correctness guarantee. Limits that
// must hold across instances exactly (the admin login) use lib/security/rate-limit.ts.
import type { RateLimit, RateLimitResult } from "./rate-limit";

const MAX_KEYS = 50_000;

export class MemoryRateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  hit(key: string, { limit, windowMs }: RateLimit, now = Date.now()): RateLimitResult {
    let window = this.windows.get(key);
    if (!window || now - window.start >= windowMs) {
      if (!window && this.windows.size >= MAX_KEYS) this.sweep(now, windowMs);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    const msLeft = window.start + windowMs - now;
    return { allowed: window.count <= limit, count: window.count, retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)) };
  }

  /** Drops finished windows; if every key is live, the oldest go (memory stays bounded). */
  private sweep(now: number, windowMs: number) {
    for (const [key, w] of this.windows) if (now - w.start >= windowMs) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size < MAX_KEYS) break;
      this.windows.delete(key);
    }
  }
}

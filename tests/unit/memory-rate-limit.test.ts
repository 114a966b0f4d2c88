import { describe, expect, it } from "vitest";
import { MemoryRateLimiter } from "@/lib/security/memory-rate-limit";

describe("in-memory rate limiter", () => {
  it("allows `limit` hits per window, then refuses with the time left", () => {
    const limiter = new MemoryRateLimiter();
    const rule = { limit: 3, windowMs: 60_000 };
    const t0 = 1_000_000;
    expect([0, 1, 2].map(() => limiter.hit("k", rule, t0).allowed)).toEqual([true, true, true]);
    const refused = limiter.hit("k", rule, t0 + 30_000);
    expect(refused).toMatchObject({ allowed: false, count: 4, retryAfterSeconds: 30 });
    expect(limiter.hit("other", rule, t0 + 30_000).allowed).toBe(true);
    expect(limiter.hit("k", rule, t0 + 60_001).allowed).toBe(true); // a new window
  });
});

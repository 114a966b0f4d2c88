// The database-backed limiter: exact under concurrency (several instances share the table),
// and a new window starts once the old one is over.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { forgive, hit } from "@/lib/security/rate-limit";
import { db } from "../helpers/db";

const key = () => `test:${crypto.randomUUID()}`;

describe("rate limiter", () => {
  it("allows `limit` hits per window, then refuses with the time left", async () => {
    const k = key();
    const limit = { limit: 3, windowMs: 60_000 };
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await hit(db, k, limit));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results.map((r) => r.count)).toEqual([1, 2, 3, 4, 5]);
    expect(results[3].retryAfterSeconds).toBeGreaterThan(55);
    expect(results[3].retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("counts concurrent hits exactly: of 40 at once, exactly `limit` pass", async () => {
    const k = key();
    const results = await Promise.all(Array.from({ length: 40 }, () => hit(db, k, { limit: 7, windowMs: 60_000 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("starts a new window once the old one is over", async () => {
    const k = key();
    const limit = { limit: 1, windowMs: 60_000 };
    await hit(db, k, limit);
    expect((await hit(db, k, limit)).allowed).toBe(false);
    // Move the window into the past, as time would.
    await db.rateLimit.update({ where: { key: k }, data: { windowStart: new Date(Date.now() - 61_000) } });
    const fresh = await hit(db, k, limit);
    expect(fresh).toMatchObject({ allowed: true, count: 1 });
  });

  it("keys are independent, and forgive takes one hit back", async () => {
    const [a, b] = [key(), key()];
    const limit = { limit: 1, windowMs: 60_000 };
    await hit(db, a, limit);
    expect((await hit(db, b, limit)).allowed).toBe(true);
    await forgive(db, a);
    expect((await hit(db, a, limit)).allowed).toBe(true);
  });
});

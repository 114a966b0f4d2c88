import { describe, expect, it } from "vitest";
import { runIdempotently, fingerprint, purgeExpiredKeys } from "@/lib/idempotency";
import { db } from "../helpers/db";

const scope = "test scope";
const newKey = () => `k_${crypto.randomUUID()}`;

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("idempotency store", () => {
  it("runs once, then replays the stored response", async () => {
    const key = newKey();
    let runs = 0;
    const execute = async () => ({ status: 201, body: { n: ++runs } });
    const first = await runIdempotently(db, { scope, key, fingerprint: fingerprint({ a: 1 }) }, execute);
    const second = await runIdempotently(db, { scope, key, fingerprint: fingerprint({ a: 1 }) }, execute);
    expect(first).toEqual({ kind: "executed", response: { status: 201, body: { n: 1 } } });
    expect(second).toEqual({ kind: "replayed", response: { status: 201, body: { n: 1 } } });
    expect(runs).toBe(1);
  });

  it("refuses the same key with other parameters", async () => {
    const key = newKey();
    await runIdempotently(db, { scope, key, fingerprint: fingerprint({ a: 1 }) }, async () => ({ status: 200, body: {} }));
    const other = await runIdempotently(db, { scope, key, fingerprint: fingerprint({ a: 2 }) }, async () => ({ status: 200, body: {} }));
    expect(other.kind).toBe("mismatch");
  });

  it("scopes keys: the same key on another endpoint is another request", async () => {
    const key = newKey();
    const fp = fingerprint({});
    await runIdempotently(db, { scope: "A", key, fingerprint: fp }, async () => ({ status: 200, body: "a" }));
    const b = await runIdempotently(db, { scope: "B", key, fingerprint: fp }, async () => ({ status: 200, body: "b" }));
    expect(b).toEqual({ kind: "executed", response: { status: 200, body: "b" } });
  });

  it("answers in_flight while the first request still runs, then replays", async () => {
    const key = newKey();
    const fp = fingerprint({ x: 1 });
    const gate = deferred<void>();
    const started = deferred<void>();
    const first = runIdempotently(db, { scope, key, fingerprint: fp }, async () => {
      started.resolve();
      await gate.promise;
      return { status: 200, body: "done" };
    });
    await started.promise;
    const during = await runIdempotently(db, { scope, key, fingerprint: fp }, async () => ({ status: 200, body: "second" }));
    expect(during).toEqual({ kind: "in_flight", retryAfterSeconds: 1 });
    gate.resolve();
    expect((await first).kind).toBe("executed");
    const after = await runIdempotently(db, { scope, key, fingerprint: fp }, async () => ({ status: 200, body: "third" }));
    expect(after).toEqual({ kind: "replayed", response: { status: 200, body: "done" } });
  });

  it("lets exactly one of many concurrent requests run", async () => {
    const key = newKey();
    const fp = fingerprint({});
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        runIdempotently(db, { scope, key, fingerprint: fp }, async () => ({ status: 200, body: ++runs })),
      ),
    );
    expect(runs).toBe(1);
    expect(results.filter((r) => r.kind === "executed")).toHaveLength(1);
    expect(results.every((r) => r.kind === "executed" || r.kind === "in_flight" || r.kind === "replayed")).toBe(true);
  });

  it("does not store 5xx or `store: false` answers, so a retry runs again", async () => {
    for (const response of [{ status: 503, body: "down" }, { status: 404, body: "nope", store: false }]) {
      const key = newKey();
      const fp = fingerprint({});
      await runIdempotently(db, { scope, key, fingerprint: fp }, async () => response);
      expect(await db.idempotencyKey.count({ where: { scope, key } })).toBe(0);
      const retry = await runIdempotently(db, { scope, key, fingerprint: fp }, async () => ({ status: 200, body: "ok" }));
      expect(retry.kind).toBe("executed");
    }
  });

  it("forgets the key when the request throws", async () => {
    const key = newKey();
    await expect(
      runIdempotently(db, { scope, key, fingerprint: "f" }, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.idempotencyKey.count({ where: { scope, key } })).toBe(0);
  });

  it("takes over a lock whose process died", async () => {
    const key = newKey();
    await db.idempotencyKey.create({ data: { scope, key, fingerprint: "f", lockedAt: new Date(Date.now() - 60_000) } });
    const result = await runIdempotently(db, { scope, key, fingerprint: "f" }, async () => ({ status: 200, body: "rerun" }), {
      lockTimeoutMs: 30_000,
    });
    expect(result).toEqual({ kind: "executed", response: { status: 200, body: "rerun" } });
  });

  it("forgets keys after the TTL", async () => {
    const key = newKey();
    await db.idempotencyKey.create({
      data: { scope, key, fingerprint: "old", responseStatus: 200, responseBody: "old", createdAt: new Date(Date.now() - 25 * 3600_000) },
    });
    const result = await runIdempotently(db, { scope, key, fingerprint: "new" }, async () => ({ status: 200, body: "new" }));
    expect(result).toEqual({ kind: "executed", response: { status: 200, body: "new" } });
    await db.idempotencyKey.create({
      data: { scope, key: newKey(), fingerprint: "old", createdAt: new Date(Date.now() - 25 * 3600_000) },
    });
    expect(await purgeExpiredKeys(db)).toBeGreaterThanOrEqual(1);
  });
});

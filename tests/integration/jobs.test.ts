// Background jobs run on one instance at a time: the lease is a conditional database write.
import { describe, expect, it } from "vitest";
import { tryAcquireLease, withLease } from "@/lib/jobs";
import { db } from "../helpers/db";

describe("job leases", () => {
  it("lets one of many concurrent runners hold a lease", async () => {
    const name = `test-job-${crypto.randomUUID()}`;
    let ran = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let refusedCount = 0;
    let allRefused!: () => void;
    const othersDone = new Promise<void>((r) => (allRefused = r));
    const attempts = Array.from({ length: 10 }, () =>
      withLease(db, name, 60_000, async () => {
        ran++;
        await gate; // hold the lease until every other runner has been refused
      }).then((result) => {
        if (result === null && ++refusedCount === 9) allRefused();
        return result;
      }),
    );
    await othersDone;
    release();
    await Promise.all(attempts);
    expect(ran).toBe(1);
    expect(refusedCount).toBe(9);
  });

  it("is released after the job, and an expired lease can be taken over", async () => {
    const name = `test-job-${crypto.randomUUID()}`;
    expect(await withLease(db, name, 60_000, async () => "done")).toBe("done");
    expect(await db.jobLease.count({ where: { name } })).toBe(0);
    await db.jobLease.create({ data: { name, holder: "dead-instance", heldUntil: new Date(Date.now() - 1000) } });
    expect(await tryAcquireLease(db, name, 60_000)).not.toBeNull();
    await db.jobLease.update({ where: { name }, data: { holder: "other-instance", heldUntil: new Date(Date.now() + 60_000) } });
    expect(await tryAcquireLease(db, name, 60_000)).toBeNull();
  });
});

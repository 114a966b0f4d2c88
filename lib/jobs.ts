// Background work that several app instances share: whoever holds a job's lease runs it.
// The lease is a row updated conditionally, so no two runs (in one instance or across
// instances) overlap, and a dead instance's lease simply runs out.
import crypto from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";

/** Returns a holder token if the lease was free (or expired), else null. */
export async function tryAcquireLease(db: PrismaClient, name: string, ttlMs: number): Promise<string | null> {
  const holder = `${process.pid}-${crypto.randomBytes(6).toString("hex")}`;
  const until = new Date(Date.now() + ttlMs);
  const acquired = await db.$executeRaw`
    INSERT INTO job_leases (name, holder, held_until) VALUES (${name}, ${holder}, ${until})
    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, held_until = EXCLUDED.held_until
    WHERE job_leases.held_until < now()`;
  return acquired === 1 ? holder : null;
}

export async function releaseLease(db: PrismaClient, name: string, holder: string): Promise<void> {
  await db.jobLease.deleteMany({ where: { name, holder } });
}

/** Runs `job` under the lease, or not at all (null) if someone else holds it. */
export async function withLease<T>(db: PrismaClient, name: string, ttlMs: number, job: () => Promise<T>): Promise<T | null> {
  const holder = await tryAcquireLease(db, name, ttlMs);
  if (!holder) return null;
  try {
    return await job();
  } finally {
    await releaseLease(db, name, holder);
  }
}

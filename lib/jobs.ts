// Background work that several app instances share: whoever holds a job's lease runs it.
// The lease is a row updated conditionally, so no two instances run one job at once, and a
// dead instance's lease simply runs out.
import crypto from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";

const HOLDER = `${process.pid}-${crypto.randomBytes(4).toString("hex")}`;

export async function tryAcquireLease(db: PrismaClient, name: string, ttlMs: number): Promise<boolean> {
  const until = new Date(Date.now() + ttlMs);
  const acquired = await db.$executeRaw`
    INSERT INTO job_leases (name, holder, held_until) VALUES (${name}, ${HOLDER}, ${until})
    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, held_until = EXCLUDED.held_until
    WHERE job_leases.held_until < now() OR job_leases.holder = EXCLUDED.holder`;
  return acquired === 1;
}

export async function releaseLease(db: PrismaClient, name: string): Promise<void> {
  await db.jobLease.deleteMany({ where: { name, holder: HOLDER } });
}

/** Runs `job` under the lease, or not at all if another instance holds it. */
export async function withLease<T>(db: PrismaClient, name: string, ttlMs: number, job: () => Promise<T>): Promise<T | null> {
  if (!(await tryAcquireLease(db, name, ttlMs))) return null;
  try {
    return await job();
  } finally {
    await releaseLease(db, name);
  }
}

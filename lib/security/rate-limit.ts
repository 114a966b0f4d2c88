// A fixed-window rate limiter kept in PostgreSQL, so the limit holds across every app
// instance. Each key has one row: the window's start and the hits in it. A hit is one
// conditional upsert (start a new window if the old one is over, else count one more), so
// concurrent hits on any number of instances are counted exactly. Time is the database's.
import type { PrismaClient } from "@/generated/prisma/client";

export interface RateLimit {
  /** Hits allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitResult {
  /** Whether this hit is within the limit. */
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  count: number;
  /** Seconds until the window ends (at least 1): what a 429 sends as Retry-After. */
  retryAfterSeconds: number;
}

/** Counts one hit for `key` and says whether it is within the limit. */
export async function hit(db: PrismaClient, key: string, { limit, windowMs }: RateLimit): Promise<RateLimitResult> {
  const [row] = await db.$queryRaw<{ count: number; ms_left: number }[]>`
    INSERT INTO rate_limits AS r (key, window_start, count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN r.window_start <= now() - ${windowMs} * interval '1 millisecond' THEN now() ELSE r.window_start END,
      count        = CASE WHEN r.window_start <= now() - ${windowMs} * interval '1 millisecond' THEN 1 ELSE r.count + 1 END
    RETURNING count, ${windowMs}::float8 - extract(epoch FROM now() - window_start) * 1000 AS ms_left`;
  return result(Number(row.count), limit, Number(row.ms_left));
}

/** Takes back one hit of the current window (e.g. an attempt that turned out legitimate). */
export async function forgive(db: PrismaClient, key: string): Promise<void> {
  await db.$executeRaw`UPDATE rate_limits SET count = count - 1 WHERE key = ${key} AND count > 0`;
}

function result(count: number, limit: number, msLeft: number): RateLimitResult {
  return { allowed: count <= limit, count, retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)) };
}

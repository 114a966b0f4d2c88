// Latency statistics and a small load driver for the benchmarks.

export interface Sample {
  ms: number;
  status: number;
}

export interface Summary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  errors5xx: number;
  throughputPerSec?: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summarize(samples: Sample[], wallMs?: number): Summary {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    count: samples.length,
    p50: round(percentile(ms, 50)),
    p90: round(percentile(ms, 90)),
    p99: round(percentile(ms, 99)),
    max: round(ms[ms.length - 1] ?? NaN),
    mean: round(ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length)),
    errors5xx: samples.filter((s) => s.status >= 500 || s.status === 0).length,
    ...(wallMs ? { throughputPerSec: round((samples.length / wallMs) * 1000) } : {}),
  };
}

/** Times one HTTP request; status 0 means a network error. */
export async function timed(fn: () => Promise<Response>): Promise<Sample & { body: unknown }> {
  const start = performance.now();
  try {
    const res = await fn();
    const body = await res.json().catch(() => null);
    return { ms: performance.now() - start, status: res.status, body };
  } catch {
    return { ms: performance.now() - start, status: 0, body: null };
  }
}

/** Runs `total` tasks with at most `concurrency` in flight. */
export async function pool<T>(total: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

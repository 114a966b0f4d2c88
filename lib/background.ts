// The app's background loop, started once per server process (instrumentation.ts): the
// reconciler and the outbox, each under a lease so that with N instances one runs it.
import { db } from "@/lib/db";
import { withLease } from "@/lib/jobs";
import { deliverOutbox } from "@/lib/orders/outbox";
import { formatSummary, reconcileAll } from "@/lib/payments/reconcile";
import { stripe } from "@/lib/payments/stripe";
import { purgeExpiredKeys } from "@/lib/idempotency";

export function startBackgroundJobs(env: NodeJS.ProcessEnv = process.env): () => void {
  const reconcileEveryMs = Number(env.RECONCILE_INTERVAL_MS ?? 300_000);
  const outboxEveryMs = Number(env.OUTBOX_INTERVAL_MS ?? 5_000);
  const timers: NodeJS.Timeout[] = [];

  if (reconcileEveryMs > 0) {
    timers.push(
      setInterval(() => {
        void withLease(db, "reconciler", reconcileEveryMs * 2, async () => {
          const summary = await reconcileAll({ db, stripe: stripe() }, { refundDuplicates: env.RECONCILE_REFUND_DUPLICATES === "1" });
          await purgeExpiredKeys(db);
          if (Object.values(summary.actions).some((n) => n > 0) || summary.errors.length) console.log(`[reconciler] ${formatSummary(summary)}`);
        }).catch((err) => console.error("[reconciler] run failed:", (err as Error).message));
      }, reconcileEveryMs),
    );
  }
  if (outboxEveryMs > 0) {
    timers.push(
      setInterval(() => {
        void withLease(db, "outbox", 60_000, () =>
          deliverOutbox(db, async (m) => console.log(`[outbox] ${m.kind} for ${m.orderId} (a real shop e-mails the shopper here)`)),
        ).catch((err) => console.error("[outbox] delivery failed:", (err as Error).message));
      }, outboxEveryMs),
    );
  }
  for (const t of timers) t.unref();
  return () => timers.forEach(clearInterval);
}

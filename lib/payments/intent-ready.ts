// Wakes requests that wait while another request (in this process or another instance)
// creates an order's PaymentIntent. PostgreSQL's NOTIFY reaches every instance listening on
// the database. It is only a wake-up call: correctness never depends on it, because a woken
// (or timed-out) waiter re-reads the order, and a lost notification costs one poll interval.
import pg from "pg";
import type { PrismaClient } from "@/generated/prisma/client";

export const INTENT_READY_CHANNEL = "payment_intent_ready";
const CHANNEL = INTENT_READY_CHANNEL;

export interface Wakeup {
  /** Resolves when the order is notified or after `timeoutMs`, whichever is first. */
  wait(timeoutMs: number): Promise<void>;
  cancel(): void;
}

class IntentReadyListener {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private waiters = new Map<string, Set<() => void>>();

  /** Registers interest before the caller re-reads the order, so no notification slips by. */
  arm(orderId: string): Wakeup {
    void this.ensureConnected();
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const set = this.waiters.get(orderId) ?? new Set();
    set.add(wake);
    this.waiters.set(orderId, set);
    const cancel = () => {
      set.delete(wake);
      if (set.size === 0 && this.waiters.get(orderId) === set) this.waiters.delete(orderId);
    };
    return {
      cancel,
      wait: async (timeoutMs) => {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([woken, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
        clearTimeout(timer);
        cancel();
      },
    };
  }

  private ensureConnected(): Promise<void> {
    if (this.client || this.connecting || !process.env.DATABASE_URL) return this.connecting ?? Promise.resolve();
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    this.connecting = client
      .connect()
      .then(() => client.query(`LISTEN ${CHANNEL}`))
      .then(() => {
        this.client = client;
        client.on("notification", (n) => this.wakeAll(n.payload ?? ""));
        const reset = () => {
          if (this.client === client) this.client = null;
          client.end().catch(() => {});
        };
        client.on("error", reset);
        client.on("end", reset);
      })
      .catch(() => {
        client.end().catch(() => {});
      })
      .finally(() => {
        this.connecting = null;
      });
    return this.connecting;
  }

  private wakeAll(orderId: string) {
    const set = this.waiters.get(orderId);
    if (!set) return;
    this.waiters.delete(orderId);
    for (const wake of set) wake();
  }
}

const globalForListener = globalThis as unknown as { intentReadyListener?: IntentReadyListener };
export const intentReady = (globalForListener.intentReadyListener ??= new IntentReadyListener());

/** Tells every instance that the order's PaymentIntent is stored (or its lease released). */
export async function notifyIntentReady(db: PrismaClient, orderId: string): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${CHANNEL}, ${orderId})`;
}

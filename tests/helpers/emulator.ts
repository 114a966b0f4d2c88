// The Stripe emulator's control API (outside Stripe's namespace), for tests that provoke
// what Stripe may do: duplicate, reordered, held (lost) webhook deliveries and faults.
import { control } from "../../e2e/support/emulator-control";
import { requireEnv } from "./env";

requireEnv("STRIPE_EMULATOR_URL");

export type DeliveryMode = "normal" | "duplicate" | "reverse" | "hold";

export const emulator = {
  setWebhookMode: (mode: DeliveryMode) => control("POST", "webhooks/mode", { mode }),
  releaseWebhooks: () => control<{ released: number }>("POST", "webhooks/release"),
  deliveries: (eventId?: string) =>
    control<{ held: number; data: { eventId: string; outcome: string; status?: number }[] }>(
      "GET",
      `webhooks/deliveries${eventId ? `?eventId=${encodeURIComponent(eventId)}` : ""}`,
    ),
  addFault: (fault: Record<string, unknown>) => control<{ id: string }>("POST", "faults", fault),
  clearFaults: () => control("DELETE", "faults"),
};

/** Polls a condition on real state (the database, Stripe) until it holds. Not a sleep: it
 * returns as soon as the condition is true, and fails with the last value if it never is. */
export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
    value = await probe();
  }
  return value;
}

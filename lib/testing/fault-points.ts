// Named places on the charge and webhook paths where a test can make the process die
// (SIGKILL, like a crash or an OOM kill), to prove that a retry after a restart converges.
// Inert unless test mode is on and CHARGEONCE_FAULT_POINTS names the point.
//
// Each point sits on a boundary: between two database writes, or between a write and the
// Stripe call. A point named "after X" is also "before" whatever write comes next.
import { isTestMode } from "./test-mode";

export const FAULT_POINTS = [
  // POST /api/orders and /api/charge: the Idempotency-Key row is claimed (locked), nothing else.
  "idempotency.after_key_claimed",
  // POST /api/charge: the order's creation lease is taken; Stripe not called yet.
  "charge.before_stripe_create",
  // The PaymentIntent exists at Stripe; the order does not know it yet.
  "charge.after_stripe_create",
  // The order stores the PaymentIntent id; its status is not moved yet.
  "charge.after_order_update",
  // The order is awaiting_payment (timeline + outbox written); the key's response is not stored.
  "charge.after_transition",
  // The key's response is stored; the ChargeRequest log row is not written.
  "idempotency.after_response_stored",
  // Webhook: the event row is stored; Stripe not asked yet.
  "webhook.after_event_stored",
  // Webhook: the PaymentIntent is fetched from Stripe; nothing written to the order.
  "webhook.after_stripe_retrieve",
  // Webhook: the event is on the order's timeline; the order's status is not moved.
  "webhook.after_timeline_recorded",
  // Webhook: the order's status is moved; the event is not marked processed.
  "webhook.after_order_synced",
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

const armed = new Set(
  isTestMode() ? (process.env.CHARGEONCE_FAULT_POINTS ?? "").split(",").map((s) => s.trim()).filter(Boolean) : [],
);

export function faultPoint(name: FaultPoint): void {
  if (armed.has(name)) {
    console.error(`[fault point] ${name}: killing this process (test mode)`);
    process.kill(process.pid, "SIGKILL");
  }
}

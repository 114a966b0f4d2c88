// The Stripe emulator's control API, for specs that make Stripe misbehave. Faults are always
// scoped to one order (metadata or idempotency-key prefix) so parallel specs never see them.
const base = () => process.env.STRIPE_EMULATOR_URL ?? "http://127.0.0.1:12111";

export type FaultKind = "latency" | "error500" | "rate_limit" | "connection_reset" | "in_flight_409" | "drop_response";

export interface Fault {
  kind: FaultKind;
  match?: { idempotencyKeyPrefix?: string; metadata?: Record<string, string>; path?: string; method?: string };
  latencyMs?: number;
  count?: number;
}

export interface FaultState {
  id: string;
  kind: FaultKind;
  remaining: number | null;
  hits: number;
}

/** One call to the emulator's control API (also used by the Vitest helpers). */
export async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base()}/_emulator/${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`emulator control ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const emulatorControl = {
  addFault: (fault: Fault) => control<{ id: string }>("POST", "faults", fault),
  /** The fault while it is armed; undefined once used up (the emulator drops spent faults). */
  fault: async (id: string) => (await control<{ data: FaultState[] }>("GET", "faults")).data.find((f) => f.id === id),
  removeFault: (id: string) => control("DELETE", `faults/${id}`).catch(() => undefined),
};

/** Matches the app creating this order's PaymentIntent: the Stripe idempotency key it derives from the order. */
export function onPaymentIntentCreate(orderId: string): NonNullable<Fault["match"]> {
  return { idempotencyKeyPrefix: `chargeonce:pi:${orderId}:`, method: "POST", path: "/v1/payment_intents" };
}

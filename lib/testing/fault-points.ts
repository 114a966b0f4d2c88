// Named places on the charge and webhook paths where a test can make the process die
// (SIGKILL, like a crash or an OOM kill), to prove that a retry after a restart converges.
// Inert unless test mode is on and CHARGEONCE_FAULT_POINTS names the point.
import { isTestMode } from "./test-mode";

export const FAULT_POINTS = [
  "charge.before_stripe_create",
  "charge.after_stripe_create",
  "charge.after_order_update",
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

import { describe, expect, it } from "vitest";
import { ORDER_STATUSES, PAID_STATUSES, TRANSITIONS, canTransition, sourcesOf } from "@/lib/orders/state-machine";

// The full table, written out independently of the implementation: every (from, to) pair.
const ALLOWED: Record<string, string[]> = {
  pending: ["awaiting_payment", "processing", "paid", "payment_failed", "canceled"],
  awaiting_payment: ["processing", "paid", "payment_failed", "canceled"],
  processing: ["paid", "payment_failed"],
  payment_failed: ["awaiting_payment", "processing", "paid", "canceled"],
  paid: ["partially_refunded", "refunded"],
  partially_refunded: ["refunded"],
  refunded: [],
  canceled: [],
};

describe("order state machine", () => {
  const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)("%s → %s is allowed exactly when the table says so", (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED[from].includes(to));
  });

  it("covers every state", () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
  });

  it("never leaves a paid state for an unpaid one", () => {
    for (const from of PAID_STATUSES) {
      for (const to of TRANSITIONS[from]) expect(PAID_STATUSES).toContain(to);
    }
  });

  it("lets no late processing or failure event undo paid", () => {
    expect(sourcesOf("processing")).not.toContain("paid");
    expect(sourcesOf("payment_failed")).not.toContain("paid");
    expect(sourcesOf("awaiting_payment")).not.toContain("paid");
  });

  it("has no self-loops, so applying a transition twice changes nothing the second time", () => {
    for (const s of ORDER_STATUSES) expect(canTransition(s, s)).toBe(false);
  });
});

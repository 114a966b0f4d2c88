import { describe, expect, it } from "vitest";
import { fingerprint } from "@/lib/idempotency";

describe("request fingerprint", () => {
  it("ignores key order", () => {
    expect(fingerprint({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(fingerprint({ b: { d: [1, 2], c: 2 }, a: 1 }));
  });
  it("differs when a value differs", () => {
    expect(fingerprint({ orderId: "ord_1" })).not.toBe(fingerprint({ orderId: "ord_2" }));
    expect(fingerprint({ orderId: "ord_1" })).not.toBe(fingerprint({ orderId: "ord_1", amount: 100 }));
  });
  it("keeps array order significant", () => {
    expect(fingerprint([1, 2])).not.toBe(fingerprint([2, 1]));
  });
});

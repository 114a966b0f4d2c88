// Small pieces of the console: the amount a merchant types, and the Stripe dashboard link.
import { describe, expect, it } from "vitest";
import { stripeDashboardUrl } from "@/lib/admin/stripe-links";
import { parseMoney } from "@/lib/money";

describe("parseMoney", () => {
  it("reads decimal amounts as exact minor units", () => {
    expect(parseMoney("12.50", "usd")).toBe(1250);
    expect(parseMoney("12.5", "usd")).toBe(1250);
    expect(parseMoney(" 32 ", "usd")).toBe(3200);
    expect(parseMoney("0.29", "usd")).toBe(29); // 0.29 * 100 is 28.999… in floating point
    expect(parseMoney("500", "jpy")).toBe(500);
  });

  it("refuses anything else", () => {
    for (const text of ["", "abc", "-5", "1.234", "1,50", "1e3", "12.", ".5"]) expect(parseMoney(text, "usd")).toBeNull();
    expect(parseMoney("5.5", "jpy")).toBeNull();
  });
});

describe("Stripe dashboard link", () => {
  it("points at test or live payments with real keys, and nowhere with the emulator", () => {
    expect(stripeDashboardUrl({ mode: "stripe", secretKey: "sk_test_x" }, "pi_123")).toBe("https://dashboard.stripe.com/test/payments/pi_123");
    expect(stripeDashboardUrl({ mode: "stripe", secretKey: "sk_live_x" }, "pi_123")).toBe("https://dashboard.stripe.com/payments/pi_123");
    expect(stripeDashboardUrl({ mode: "emulator", secretKey: "sk_test_chargeonce_emulator" }, "pi_123")).toBeNull();
  });
});

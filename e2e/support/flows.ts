// The two checkout flows the double-charge specs run against: the real one, which must pass
// the oracle, and the incident's naive flow (test mode only), which the oracle must catch.
import { expect, type Page } from "@playwright/test";
import type { ChargeVerdict } from "./oracle";
import { Shopper } from "./shopper";

export interface CheckoutFlow {
  name: "real" | "naive";
  /** The endpoint the page asks for a client secret. */
  chargePath: string;
  /** Opens the order's payment page and waits until a card can be typed. */
  open(page: Page, orderId: string, query?: Record<string, string>): Promise<void>;
  /** Waits until the page shows how the payment ended: the receipt, or (naive) the Pay button back. */
  settled(shopper: Shopper): Promise<void>;
  /** The verdict this flow must get: pass (real), or fail with more than one PaymentIntent (naive). */
  expectVerdict(verdict: ChargeVerdict): void;
}

function url(path: string, query?: Record<string, string>) {
  return query ? `${path}?${new URLSearchParams(query)}` : path;
}

export const realFlow: CheckoutFlow = {
  name: "real",
  chargePath: "/api/charge",
  async open(page, orderId, query) {
    await page.goto(url(`/checkout/${orderId}`, query));
    await expect(page.getByLabel("Card number")).toBeVisible({ timeout: 30_000 });
  },
  async settled(shopper) {
    await shopper.page.waitForURL(/\/complete/);
    await shopper.expectReceipt();
  },
  expectVerdict(verdict) {
    expect(verdict.problems, JSON.stringify(verdict, null, 2)).toEqual([]);
    expect(verdict.ok).toBe(true);
  },
};

export const naiveFlow: CheckoutFlow = {
  name: "naive",
  chargePath: "/api/test/naive-charge",
  async open(page, orderId, query) {
    await page.goto(url(`/test/naive-checkout/${orderId}`, query));
    await expect(page.getByLabel("Card number")).toBeVisible({ timeout: 30_000 });
  },
  async settled(shopper) {
    // The incident's page says nothing when it is done: it just re-enables the button.
    await expect(shopper.payButton).toBeEnabled({ timeout: 30_000 });
  },
  expectVerdict(verdict) {
    expect(verdict.ok, "the oracle must catch the naive flow").toBe(false);
    expect(verdict.paymentIntentIds.length, JSON.stringify(verdict, null, 2)).toBeGreaterThan(1);
  },
};

export const BOTH_FLOWS = [realFlow, naiveFlow] as const;

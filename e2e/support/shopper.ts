// A shopper, as Playwright drives one through the real pages.
import { expect, type Page } from "@playwright/test";

export const FUTURE_EXPIRY = "12 / 34";

export class Shopper {
  constructor(readonly page: Page) {}

  async addToCart(productName: string, times = 1) {
    for (let i = 0; i < times; i++) {
      await this.page.getByRole("button", { name: `Add ${productName} to cart` }).click();
    }
  }

  /** Places the order from the cart and waits for the checkout page. Returns the order id. */
  async checkout(): Promise<string> {
    await this.page.getByRole("button", { name: "Checkout" }).click();
    await this.page.waitForURL(/\/checkout\/ord_[A-Za-z0-9]+$/);
    return this.orderIdFromUrl();
  }

  orderIdFromUrl(): string {
    return new URL(this.page.url()).pathname.split("/")[2];
  }

  /**
   * Places an order through the API (faster when the shop page is not what is tested), in this
   * browser's own cookie jar: the order belongs to this shopper. `appUrl` for another app process.
   */
  async placeOrderViaApi(items = [{ productId: "ceramic-mug", quantity: 1 }], appUrl = ""): Promise<string> {
    const res = await this.page.request.post(`${appUrl}/api/orders`, { data: { items } });
    expect(res.status()).toBe(201);
    return ((await res.json()) as { orderId: string }).orderId;
  }

  get payButton() {
    return this.page.getByTestId("pay-button");
  }

  async typeCard(number: string, expiry = FUTURE_EXPIRY, cvc = "123") {
    const card = this.page.getByLabel("Card number");
    await expect(card).toBeVisible();
    await card.fill("");
    await card.pressSequentially(number);
    await this.page.getByLabel("Expiration date").pressSequentially(expiry.replace(/\D/g, ""));
    await this.page.getByLabel("CVC").pressSequentially(cvc);
  }

  async expectReceipt() {
    await expect(this.page.getByTestId("receipt")).toBeVisible();
    await expect(this.page.getByTestId("order-status")).toHaveText("paid");
    await expect(this.payButton).toHaveCount(0);
  }
}

/**
 * Clicks Pay (or runs `gesture`) again each time the page accepts input, until the page shows
 * a receipt or `times` is reached: the shopper who keeps going while nothing says "paid".
 * The real page never offers Pay again once a payment is under way.
 */
export async function repeatUntilReceipt(shopper: Shopper, times: number, gesture = () => shopper.payButton.click()) {
  const enabledPay = shopper.page.locator("[data-testid=pay-button]:enabled");
  const receipt = shopper.page.getByTestId("receipt");
  for (let i = 0; i < times; i++) {
    await expect(enabledPay.or(receipt).first()).toBeVisible({ timeout: 30_000 });
    if (await receipt.isVisible()) return i;
    await gesture();
  }
  return times;
}

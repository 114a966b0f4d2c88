import { expect, test } from "@playwright/test";
import { settledMoneyForOrder, stripeForTests } from "./support/oracle";
import { Shopper } from "./support/shopper";

const stripe = stripeForTests();

test("a shopper buys two products with 4242 and sees the receipt", async ({ page }) => {
  const shopper = new Shopper(page);
  await page.goto("/");
  await shopper.addToCart("Ceramic Mug", 2);
  await shopper.addToCart("Linen Tote");
  await expect(page.getByTestId("cart-total")).toHaveText("$68.00");

  // The cart survives a reload.
  await page.reload();
  await expect(page.getByTestId("cart-total")).toHaveText("$68.00");

  const orderId = await shopper.checkout();
  await expect(page.getByTestId("order-total")).toHaveText("$68.00");
  await shopper.typeCard("4242 4242 4242 4242");
  await shopper.payButton.click();
  await page.waitForURL(/\/complete/);
  await shopper.expectReceipt();

  const money = await settledMoneyForOrder(stripe, orderId, (m) => m.succeededCharges.length === 1);
  expect(money.paymentIntents).toHaveLength(1);
  expect(money.succeededCharges).toHaveLength(1);
  expect(money.succeededCharges[0].amount).toBe(6800);

  // Back after paying shows the receipt, never a second Pay button.
  await page.goto(`/checkout/${orderId}`);
  await shopper.expectReceipt();
});

// Double clicks, declined cards, 3-D Secure and a double-clicked Place order: e2e/double-charge/.

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

test("double-clicking Pay charges once", async ({ page }) => {
  const shopper = new Shopper(page);
  await page.goto("/");
  const orderId = await shopper.placeOrderViaApi([{ productId: "desk-lamp", quantity: 1 }]);
  await page.goto(`/checkout/${orderId}`);
  await shopper.typeCard("4242 4242 4242 4242");
  await shopper.payButton.dblclick();
  await page.waitForURL(/\/complete/);
  await shopper.expectReceipt();

  const money = await settledMoneyForOrder(stripe, orderId, (m) => m.succeededCharges.length >= 1);
  expect(money.paymentIntents).toHaveLength(1);
  expect(money.succeededCharges).toHaveLength(1);
});

test("a declined card, then 4242 on the same PaymentIntent: one success", async ({ page }) => {
  const shopper = new Shopper(page);
  await page.goto("/");
  const orderId = await shopper.placeOrderViaApi();
  await page.goto(`/checkout/${orderId}`);
  await shopper.typeCard("4000 0000 0000 0002");
  await shopper.payButton.click();
  await expect(page.getByTestId("payment-error")).toContainText("declined");
  await expect(shopper.payButton).toBeEnabled();

  await shopper.typeCard("4242 4242 4242 4242");
  await shopper.payButton.click();
  await page.waitForURL(/\/complete/);
  await shopper.expectReceipt();

  const money = await settledMoneyForOrder(stripe, orderId, (m) => m.succeededCharges.length >= 1);
  expect(money.paymentIntents).toHaveLength(1);
  expect(money.succeededCharges).toHaveLength(1);
});

test("3-D Secure: completing the challenge pays", async ({ page }) => {
  const shopper = new Shopper(page);
  await page.goto("/");
  const orderId = await shopper.placeOrderViaApi();
  await page.goto(`/checkout/${orderId}`);
  await shopper.typeCard("4000 0025 0000 3155");
  await shopper.payButton.click();
  const dialog = page.getByRole("dialog", { name: "3D Secure authentication" });
  await expect(shopper.payButton).toBeDisabled();
  await dialog.getByRole("button", { name: "Complete", exact: true }).click();
  await page.waitForURL(/\/complete/);
  await shopper.expectReceipt();
  const money = await settledMoneyForOrder(stripe, orderId, (m) => m.succeededCharges.length >= 1);
  expect(money.succeededCharges).toHaveLength(1);
});

test("a double-clicked Place order creates one order", async ({ page }) => {
  const shopper = new Shopper(page);
  await page.goto("/");
  await shopper.addToCart("Notebook Set");
  const orderRequests: string[] = [];
  page.on("request", (r) => r.url().endsWith("/api/orders") && r.method() === "POST" && orderRequests.push(r.headers()["idempotency-key"]));
  await page.getByRole("button", { name: "Checkout" }).dblclick();
  await page.waitForURL(/\/checkout\/ord_/);
  // The second click lands on a disabled button: one request, hence one order.
  expect(orderRequests).toHaveLength(1);
  await expect(page.getByTestId("order-total")).toHaveText("$24.00");
});

// Spec 11: a double-clicked "Place order" creates one order (and it is then charged once).
import { expect, test } from "@playwright/test";
import { realFlow } from "../support/flows";
import { expectChargedOnce, stripeForTests } from "../support/oracle";
import { Shopper } from "../support/shopper";

const stripe = stripeForTests();

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

  await shopper.typeCard("4242 4242 4242 4242");
  await shopper.payButton.click();
  await realFlow.settled(shopper);
  await expectChargedOnce(stripe, shopper.orderIdFromUrl());
});

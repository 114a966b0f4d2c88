// Spec 5: reload while the payment is processing; Back after paying.
import { expect, test } from "@playwright/test";
import { realFlow } from "../support/flows";
import { expectChargedOnce, stripeForTests } from "../support/oracle";
import { Shopper } from "../support/shopper";

const stripe = stripeForTests();

test("reloading while the payment is processing, then paying again, charges once", async ({ page }) => {
  const shopper = new Shopper(page);
  const orderId = await shopper.placeOrderViaApi();
  await realFlow.open(page, orderId);
  await shopper.typeCard("4242 4242 4242 4242");

  // Hold the browser's confirmation on its way to Stripe, so the page is mid-payment.
  let confirmation!: { url: string; headers: Record<string, string>; body: string | null };
  const held = new Promise<void>((resolve) =>
    page.route("**/v1/payment_intents/*/confirm", (route) => {
      const request = route.request();
      confirmation = { url: request.url(), headers: request.headers(), body: request.postData() };
      resolve(); // never answered: the reload cancels it in the browser
    }),
  );
  await shopper.payButton.click();
  await held;
  await expect(shopper.payButton).toHaveText(/Processing/);
  await page.reload();
  await page.unroute("**/v1/payment_intents/*/confirm");

  // The held confirmation still reaches Stripe after the reload, and succeeds there.
  const late = await fetch(confirmation.url, { method: "POST", headers: confirmation.headers, body: confirmation.body });
  expect(late.status).toBe(200);

  // The reloaded page was rendered before Stripe knew. If its charge request ran before the
  // webhook marked the order paid, it offers Pay, and paying again must not charge twice; if
  // after, it has already turned into the receipt. Both are correct; which one is a race.
  const cardForm = page.getByLabel("Card number");
  await expect(cardForm.or(page.getByTestId("receipt"))).toBeVisible();
  if (await cardForm.isVisible()) {
    await shopper.typeCard("4242 4242 4242 4242");
    await shopper.payButton.click();
    await realFlow.settled(shopper);
  } else {
    await shopper.expectReceipt();
  }
  await expectChargedOnce(stripe, orderId, { absorbedAtLeast: 1 });
});

test("Back after paying shows the order paid, never a Pay button", async ({ page }) => {
  const shopper = new Shopper(page);
  await page.goto("/");
  await shopper.addToCart("Ceramic Mug");
  const orderId = await shopper.checkout();
  await shopper.typeCard("4242 4242 4242 4242");
  await shopper.payButton.click();
  await realFlow.settled(shopper);

  // The receipt replaced the checkout in the history: Back leads to the shop, not a Pay button.
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(shopper.payButton).toHaveCount(0);
  await page.goForward();
  await shopper.expectReceipt();
  // And the checkout link itself (a bookmark, another tab's history) shows the receipt.
  await page.goto(`/checkout/${orderId}`);
  await shopper.expectReceipt();
  await expectChargedOnce(stripe, orderId);
});

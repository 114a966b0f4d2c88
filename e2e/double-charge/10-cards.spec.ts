// Spec 10: a declined card then 4242 on the same order; 3-D Secure completed and failed.
import { expect, test } from "@playwright/test";
import { realFlow } from "../support/flows";
import { expectChargedOnce, stripeForTests } from "../support/oracle";
import { Shopper } from "../support/shopper";

const stripe = stripeForTests();

test("a declined card, then 4242 on the same PaymentIntent: one success", async ({ page }) => {
  const shopper = new Shopper(page);
  const orderId = await shopper.placeOrderViaApi();
  await realFlow.open(page, orderId);
  await shopper.typeCard("4000 0000 0000 0002");
  await shopper.payButton.click();
  await expect(page.getByTestId("payment-error")).toContainText("declined");
  await expect(shopper.payButton).toBeEnabled();

  await shopper.typeCard("4242 4242 4242 4242");
  await shopper.payButton.click();
  await realFlow.settled(shopper);
  await expectChargedOnce(stripe, orderId);
});

test("3-D Secure: a failed challenge charges nothing; completing it on the retry pays once", async ({ page }) => {
  const shopper = new Shopper(page);
  const orderId = await shopper.placeOrderViaApi();
  await realFlow.open(page, orderId);
  const challenge = page.getByRole("dialog", { name: "3D Secure authentication" });

  await shopper.typeCard("4000 0025 0000 3155");
  await shopper.payButton.click();
  await expect(shopper.payButton).toBeDisabled();
  await challenge.getByRole("button", { name: "Fail", exact: true }).click();
  await expect(page.getByTestId("payment-error")).toBeVisible();
  await expect(shopper.payButton).toBeEnabled();
  await expectChargedOnce(stripe, orderId, { paid: false });

  await shopper.payButton.click();
  await challenge.getByRole("button", { name: "Complete", exact: true }).click();
  await realFlow.settled(shopper);
  await expectChargedOnce(stripe, orderId);
});

// Spec 8: Stripe answers 409 idempotency_key_in_use and 500; the shopper still pays once.
import { expect, test } from "@playwright/test";
import { emulatorControl, onPaymentIntentCreate } from "../support/emulator-control";
import { realFlow } from "../support/flows";
import { expectChargedOnce, stripeForTests } from "../support/oracle";
import { Shopper } from "../support/shopper";

const stripe = stripeForTests();

test("409 idempotency_key_in_use, then 500, while creating the PaymentIntent: one PaymentIntent", async ({ page }) => {
  const shopper = new Shopper(page);
  const orderId = await shopper.placeOrderViaApi();
  const conflict = await emulatorControl.addFault({ kind: "in_flight_409", match: onPaymentIntentCreate(orderId), count: 1 });
  const error = await emulatorControl.addFault({ kind: "error500", match: onPaymentIntentCreate(orderId), count: 1 });
  await realFlow.open(page, orderId);
  for (const id of [conflict.id, error.id]) expect(await emulatorControl.fault(id), "the fault was hit").toBeUndefined();

  await shopper.typeCard("4242 4242 4242 4242");
  await shopper.payButton.click();
  await realFlow.settled(shopper);
  await expectChargedOnce(stripe, orderId);
});

test("500 on the browser's confirmation: the shopper pays again, one charge", async ({ page }) => {
  const shopper = new Shopper(page);
  const orderId = await shopper.placeOrderViaApi();
  await realFlow.open(page, orderId);
  const fault = await emulatorControl.addFault({ kind: "error500", match: { metadata: { orderId }, path: "/v1/payment_intents", method: "POST" }, count: 1 });

  await shopper.typeCard("4242 4242 4242 4242");
  await shopper.payButton.click();
  await expect(page.getByTestId("payment-error")).toBeVisible();
  expect(await emulatorControl.fault(fault.id), "the fault was hit").toBeUndefined();
  await shopper.payButton.click();
  await realFlow.settled(shopper);
  await expectChargedOnce(stripe, orderId);
});

// Spec 7: Stripe commits the PaymentIntent but the answer never arrives; the retry (the SDK's,
// with the same deterministic idempotency key) gets that same PaymentIntent.
import { expect, test } from "@playwright/test";
import { emulatorControl, onPaymentIntentCreate } from "../support/emulator-control";
import { realFlow } from "../support/flows";
import { expectChargedOnce, stripeForTests } from "../support/oracle";
import { Shopper } from "../support/shopper";

const stripe = stripeForTests();

test("Stripe creates the PaymentIntent but drops the response: the retry gets the same one", async ({ page }) => {
  const shopper = new Shopper(page);
  const orderId = await shopper.placeOrderViaApi();
  // Two drops: stripe-node silently retries one closed connection, the second surfaces as a retry.
  const fault = await emulatorControl.addFault({ kind: "drop_response", match: onPaymentIntentCreate(orderId), count: 2 });
  await realFlow.open(page, orderId);
  expect(await emulatorControl.fault(fault.id), "both responses were dropped").toBeUndefined();

  await shopper.typeCard("4242 4242 4242 4242");
  await shopper.payButton.click();
  await realFlow.settled(shopper);
  await expectChargedOnce(stripe, orderId);
});

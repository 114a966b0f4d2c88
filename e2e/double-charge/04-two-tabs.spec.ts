// Spec 4: the same shopper pays the same order from two tabs at the same moment.
import { expect, test } from "@playwright/test";
import { expectChargedOnce, stripeForTests } from "../support/oracle";
import { Shopper } from "../support/shopper";
import { realFlow } from "../support/flows";

const stripe = stripeForTests();

test("two tabs paying the same order at the same moment charge once", async ({ page, context }) => {
  const first = new Shopper(page);
  const second = new Shopper(await context.newPage()); // same browser, same shopper cookie
  const orderId = await first.placeOrderViaApi();
  await Promise.all([realFlow.open(first.page, orderId), realFlow.open(second.page, orderId)]);
  await first.typeCard("4242 4242 4242 4242");
  await second.typeCard("4242 4242 4242 4242");

  await Promise.all([first.payButton.click(), second.payButton.click()]);
  // Both tabs end on the receipt: the loser of the race learns from Stripe that it is paid.
  await Promise.all([realFlow.settled(first), realFlow.settled(second)]);
  const verdict = await expectChargedOnce(stripe, orderId, { absorbedAtLeast: 1 });
  expect(verdict.chargeRequests.total).toBe(2);
});

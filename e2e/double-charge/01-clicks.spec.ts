// Spec 1: double-click Pay, ten rapid clicks, Enter pressed while clicking. Each runs against
// the real checkout (must pass the oracle) and the incident's naive flow (must be caught).
import { expect, test } from "@playwright/test";
import { BOTH_FLOWS } from "../support/flows";
import { settledChargeVerdict, stripeForTests } from "../support/oracle";
import { repeatUntilReceipt, Shopper } from "../support/shopper";

const stripe = stripeForTests();

for (const flow of BOTH_FLOWS) {
  test.describe(`${flow.name} flow`, () => {
    test("double-click Pay, the second click landing before the page re-renders", async ({ page }) => {
      const shopper = new Shopper(page);
      const orderId = await shopper.placeOrderViaApi();
      await flow.open(page, orderId);
      await shopper.typeCard("4242 4242 4242 4242");
      // Both clicks in one task, as on a busy phone: no re-render (so no `disabled`) in between.
      await shopper.payButton.evaluate((button: HTMLButtonElement) => {
        button.click();
        button.click();
      });
      await flow.settled(shopper);
      flow.expectVerdict(await settledChargeVerdict(stripe, orderId));
    });

    test("ten rapid clicks on Pay", async ({ page }) => {
      const shopper = new Shopper(page);
      const orderId = await shopper.placeOrderViaApi();
      await flow.open(page, orderId);
      await shopper.typeCard("4242 4242 4242 4242");
      // Ten trusted clicks, each the moment the page accepts one.
      const clicks = await repeatUntilReceipt(shopper, 10);
      await flow.settled(shopper);
      const verdict = await settledChargeVerdict(stripe, orderId);
      flow.expectVerdict(verdict);
      if (flow.name === "real") expect(clicks, "the real page accepted a second click").toBe(1);
    });

    test("Enter pressed while clicking Pay", async ({ page }) => {
      const shopper = new Shopper(page);
      const orderId = await shopper.placeOrderViaApi();
      await flow.open(page, orderId);
      await shopper.typeCard("4242 4242 4242 4242");
      // Enter on the focused button and a mouse click on it together, again while the page lets
      // them. The mouse aims where the button is: the page may have moved on by the time it lands.
      await repeatUntilReceipt(shopper, 5, async () => {
        await shopper.payButton.focus();
        const box = (await shopper.payButton.boundingBox())!;
        await Promise.all([page.keyboard.press("Enter"), page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)]);
      });
      await flow.settled(shopper);
      flow.expectVerdict(await settledChargeVerdict(stripe, orderId));
    });
  });
}

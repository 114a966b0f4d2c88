// Spec 3: the first charge request is aborted in the browser (the connection drops) after the
// server has already run it; the page then retries.
import { expect, test } from "@playwright/test";
import { BOTH_FLOWS } from "../support/flows";
import { settledChargeVerdict, stripeForTests } from "../support/oracle";
import { Shopper } from "../support/shopper";

const stripe = stripeForTests();

for (const flow of BOTH_FLOWS) {
  test(`${flow.name} flow: a charge request aborted in the browser that completed on the server, then retried`, async ({ page }) => {
    const shopper = new Shopper(page);
    const orderId = await shopper.placeOrderViaApi();
    let chargeRequests = 0;
    await page.route(`**${flow.chargePath}`, async (route) => {
      if (++chargeRequests > 1) return route.continue();
      // The request reaches the server and runs to the end; only its answer is lost.
      const served = await route.fetch();
      expect(served.status()).toBe(200);
      await route.abort("connectionreset");
    });
    await flow.open(page, orderId);
    await shopper.typeCard("4242 4242 4242 4242");
    await shopper.payButton.click();
    await flow.settled(shopper);

    expect(chargeRequests).toBeGreaterThan(1);
    flow.expectVerdict(await settledChargeVerdict(stripe, orderId, { absorbedAtLeast: flow.name === "real" ? 1 : 0 }));
  });
}

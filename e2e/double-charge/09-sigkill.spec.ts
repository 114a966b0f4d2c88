// Spec 9: the app process is killed (SIGKILL) right after Stripe created the PaymentIntent and
// before the order row was written; it restarts and the shopper pays: still one PaymentIntent,
// because the retry derives the same Stripe idempotency key from the order.
import { expect, test } from "@playwright/test";
import { startNextApp, type AppProcess } from "../../scripts/lib/next-app";
import { appEnv, exited, freePort } from "../support/app-process";
import { realFlow } from "../support/flows";
import { expectChargedOnce, moneyForOrder, stripeForTests } from "../support/oracle";
import { Shopper } from "../support/shopper";

const stripe = stripeForTests();

// The killed request leaves its Idempotency-Key locked and the order's creation lease held
// (30 s and 10 s by default, which is what lets a slow request finish in production). A crash
// is the case those timeouts exist for; 1 s here lets the retries take over without the spec
// waiting half a minute.
const CRASH_RECOVERY = { IDEMPOTENCY_LOCK_TIMEOUT_MS: "1000", PAYMENT_INTENT_LEASE_MS: "1000" };

test("SIGKILL after Stripe answered and before the order was written: restart, pay, one PaymentIntent", async ({ page }) => {
  test.setTimeout(120_000);
  const port = await freePort();
  let app: AppProcess | undefined;
  try {
    const shopper = new Shopper(page);
    let orderId: string;
    // The order is placed on the suite's app (same database; cookies are not per port).
    [app, orderId] = await Promise.all([
      startNextApp({ port, env: appEnv({ ...CRASH_RECOVERY, CHARGEONCE_FAULT_POINTS: "charge.after_stripe_create" }) }),
      shopper.placeOrderViaApi(),
    ]);

    // The checkout page asks for a client secret on load: that request kills the process.
    await page.goto(`${app.url}/checkout/${orderId}`);
    expect(await exited(app)).toBe("SIGKILL");
    const atCrash = await moneyForOrder(stripe, orderId);
    expect(atCrash.paymentIntents, "Stripe created the PaymentIntent before the crash").toHaveLength(1);

    app = await startNextApp({ port, env: appEnv(CRASH_RECOVERY) });
    // The shopper, facing a page that could not prepare the payment, reloads it.
    await page.reload();
    await expect(page.getByLabel("Card number")).toBeVisible({ timeout: 30_000 });
    await shopper.typeCard("4242 4242 4242 4242");
    await shopper.payButton.click();
    await realFlow.settled(shopper);
    const verdict = await expectChargedOnce(stripe, orderId);
    expect(verdict.paymentIntentIds).toEqual([atCrash.paymentIntents[0].id]);
  } finally {
    await app?.stop();
  }
});

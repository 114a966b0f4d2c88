// Spec 2: a slow network (Chrome's own throttling through a CDP session: 2 s latency,
// ~50 kbit/s) while the browser's timeout is shorter than the server's answer, so retries
// fire while the first request is still running. Real flow: the client times out after 3 s
// (test-mode ?chargeTimeoutMs=3000; production uses 20 s) and retries with the same
// Idempotency-Key. Naive flow: fetchWithRetry's 5 s timeout, verbatim from the incident.
import { expect, test } from "@playwright/test";
import { emulatorControl } from "../support/emulator-control";
import { BOTH_FLOWS } from "../support/flows";
import { settledChargeVerdict, stripeForTests } from "../support/oracle";
import { Shopper } from "../support/shopper";

const stripe = stripeForTests();
const SLOW_NETWORK = { offline: false, latency: 2_000, downloadThroughput: 50_000 / 8, uploadThroughput: 50_000 / 8 };
const NORMAL_NETWORK = { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
/** Stripe's first answer for the order is this slow: longer than either client's timeout (3 s, 5 s). */
const SLOW_STRIPE_MS = 6_000;

for (const flow of BOTH_FLOWS) {
  test(`${flow.name} flow: a slow network and a client timeout shorter than the server's answer`, async ({ page }) => {
    test.setTimeout(90_000);
    const shopper = new Shopper(page);
    const orderId = await shopper.placeOrderViaApi();
    const fault = await emulatorControl.addFault({
      kind: "latency",
      latencyMs: SLOW_STRIPE_MS,
      match: { metadata: { orderId }, method: "POST", path: "/v1/payment_intents" },
      count: 1,
    });

    // The network is slow from the moment the page first asks for a client secret (the real
    // page asks on load, so its scripts still arrive at normal speed) until a client secret
    // arrives: the charge request and its retries are what this spec is about.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    let chargeRequests = 0;
    const idempotencyKeys = new Set<string | undefined>();
    await page.route(`**${flow.chargePath}`, async (route) => {
      if (++chargeRequests === 1) await cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK);
      idempotencyKeys.add(route.request().headers()["idempotency-key"]);
      await route.continue();
    });
    // Only once the whole answer is in: changing the conditions mid-body breaks the download.
    page.on("requestfinished", async (request) => {
      if (request.url().endsWith(flow.chargePath) && (await request.response())?.status() === 200) {
        await cdp.send("Network.emulateNetworkConditions", NORMAL_NETWORK).catch(() => {});
      }
    });

    await flow.open(page, orderId, flow.name === "real" ? { chargeTimeoutMs: "3000" } : undefined);
    await shopper.typeCard("4242 4242 4242 4242");
    await shopper.payButton.click();
    await flow.settled(shopper);
    await emulatorControl.removeFault(fault.id);

    // A retry went out while the first request was still running on the server; the real
    // page sent every one with the same Idempotency-Key.
    expect(chargeRequests).toBeGreaterThan(1);
    if (flow.name === "real") expect(idempotencyKeys.size).toBe(1);
    const verdict = await settledChargeVerdict(stripe, orderId, { absorbedAtLeast: flow.name === "real" ? 1 : 0 });
    flow.expectVerdict(verdict);
  });
}

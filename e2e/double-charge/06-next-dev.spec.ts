// Spec 6: the dev server (`next dev`), where React StrictMode runs every effect twice: the
// checkout must still send one charge request and create one PaymentIntent. It runs in its own
// distDir (.next-dev) so it never touches the production build in .next.
import { expect, test } from "@playwright/test";
import { startNextApp, type AppProcess } from "../../scripts/lib/next-app";
import { appEnv, freePort, keepTypeFilesOf } from "../support/app-process";
import { expectChargedOnce, stripeForTests } from "../support/oracle";
import { Shopper } from "../support/shopper";

const stripe = stripeForTests();
const DIST_DIR = ".next-dev";

test("next dev with StrictMode's double effects: one charge request, one PaymentIntent", async ({ page }) => {
  // Compiling pages on first request is slow on two shared cores.
  test.setTimeout(240_000);
  const restoreTypeFiles = keepTypeFilesOf(DIST_DIR);
  let dev: AppProcess | undefined;
  try {
    dev = await startNextApp({ mode: "dev", distDir: DIST_DIR, port: await freePort(), env: appEnv(), readyTimeoutMs: 180_000 });
    const shopper = new Shopper(page);
    const [orderId] = await Promise.all([shopper.placeOrderViaApi(undefined, dev.url), compileAhead(dev.url)]);
    const chargeRequests: string[] = [];
    page.on("request", (r) => r.url().endsWith("/api/charge") && chargeRequests.push(r.headers()["idempotency-key"]));

    await page.goto(`${dev.url}/checkout/${orderId}`);
    await expect(page.getByLabel("Card number")).toBeVisible({ timeout: 180_000 });

    // StrictMode mounted the checkout twice; both runs shared one request. (Paying adds
    // nothing here: the PaymentIntent is created, or not, when the page asks on mount.)
    expect(chargeRequests).toHaveLength(1);
    const verdict = await expectChargedOnce(stripe, orderId, { paid: false });
    expect(verdict.chargeRequests.total).toBe(1);
  } finally {
    await dev?.stop();
    restoreTypeFiles();
  }
});

/**
 * next dev compiles each route on its first request; ask for the ones the shopper will need
 * all at once, so they compile side by side instead of one after the other. These requests
 * change nothing: an invalid charge body and a page for an order that does not exist.
 */
async function compileAhead(url: string) {
  await Promise.all([
    fetch(`${url}/api/charge`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
    fetch(`${url}/checkout/ord_compile_ahead`),
  ]);
}

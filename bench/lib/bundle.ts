// First-load JavaScript of a page as Chromium downloads it: every same-origin script the
// page loads (the emulator's or Stripe's Stripe.js is another origin, so it is excluded).
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { ROOT } from "../../scripts/lib/next-app";

export async function measureBundles(appUrl: string) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  try {
    const shopper = await browser.newContext();
    const placed = await shopper.request.post(`${appUrl}/api/orders`, { data: { items: [{ productId: "ceramic-mug", quantity: 1 }] } });
    const { orderId } = (await placed.json()) as { orderId: string };
    const { cookies } = await shopper.storageState();
    // A fresh context (empty cache) per page, so each page counts everything it loads.
    const scriptBytes = async (url: string, ready: (p: import("@playwright/test").Page) => Promise<unknown>) => {
      const context = await browser.newContext();
      await context.addCookies(cookies);
      const page = await context.newPage();
      const scripts = new Set<string>();
      const origin = new URL(appUrl).origin;
      page.on("request", (req) => {
        if (req.resourceType() === "script" && new URL(req.url()).origin === origin) scripts.add(req.url());
      });
      await page.goto(url, { waitUntil: "networkidle" });
      await ready(page);
      await context.close();
      // Sizes fetched afterwards, uncompressed, so the count does not race the page's teardown.
      const sizes = await Promise.all([...scripts].map(async (s) => (await (await fetch(s)).arrayBuffer()).byteLength));
      return sizes.reduce((a, b) => a + b, 0);
    };
    const blankBytes = await scriptBytes(`${appUrl}/blank`, async () => {});
    const checkoutBytes = await scriptBytes(`${appUrl}/checkout/${orderId}`, (p) => p.getByLabel("Card number").waitFor());
    return { blankBytes, checkoutBytes, stripeBindingsBytes: stripeBindingsBytes() };
  } finally {
    await browser.close();
  }
}

/** Size of Stripe's React bindings (@stripe/react-stripe-js + the @stripe/stripe-js loader), minified. */
function stripeBindingsBytes(): number {
  const files = ["node_modules/@stripe/react-stripe-js/dist/react-stripe.umd.min.js", "node_modules/@stripe/stripe-js/dist/pure.js"];
  return files.reduce((sum, f) => sum + (fs.existsSync(path.join(ROOT, f)) ? fs.statSync(path.join(ROOT, f)).size : 0), 0);
}

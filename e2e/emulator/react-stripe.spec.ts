// The Stripe.js stand-in under the real @stripe/stripe-js + @stripe/react-stripe-js 7, in React
// StrictMode (which mounts, destroys and mounts every Element again). The tiny React app is
// bundled on the fly with esbuild (already installed with tsx) and served at https://shop.test.
import { test as base, expect } from "@playwright/test";
import { build } from "esbuild";
import path from "node:path";
import Stripe from "stripe";
import { createEmulator } from "../../stripe-emulator/src/index";

const SHOP = "https://shop.test"; // https: see the note on Local Network Access in stripejs.spec.ts

const APP = `
import { StrictMode, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
import { loadStripe } from "@stripe/stripe-js";
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";

const params = new URLSearchParams(location.search);
const clientSecret = params.get("cs");
const mounts = { ready: 0, change: 0, created: 0, destroyed: 0 };
(window as any).__mounts = mounts;
// Count what react-stripe-js does to the Elements, to see StrictMode's destroy + re-create.
function instrument(stripe: any) {
  const elementsOf = stripe.elements.bind(stripe);
  stripe.elements = (options: unknown) => {
    const group = elementsOf(options);
    const create = group.create.bind(group);
    group.create = (type: string, opts: unknown) => {
      mounts.created += 1;
      const element = create(type, opts);
      const destroy = element.destroy.bind(element);
      element.destroy = () => { mounts.destroyed += 1; destroy(); };
      return element;
    };
    return group;
  };
  return stripe;
}
// ?mode=sync: a Stripe instance (Elements exist on the first render, so StrictMode mounts the
// PaymentElement twice); otherwise loadStripe's promise, as most apps do.
const stripeProp = params.get("mode") === "sync"
  ? instrument((window as any).Stripe("pk_test_e2e_react"))
  : loadStripe("pk_test_e2e_react").then(instrument);

function Checkout() {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [message, setMessage] = useState("");
  const [paying, setPaying] = useState(false);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        if (!stripe || !elements) return;
        setPaying(true);
        const { error: submitError } = await elements.submit();
        if (submitError) { setMessage(submitError.message ?? ""); setPaying(false); return; }
        const result = await stripe.confirmPayment({ elements, confirmParams: { return_url: "${SHOP}/return" }, redirect: "if_required" });
        setMessage(result.error ? result.error.message ?? "" : "Payment " + result.paymentIntent.status);
        setPaying(false);
      }}
    >
      <PaymentElement
        onReady={() => { mounts.ready += 1; setReady(true); }}
        onChange={() => { mounts.change += 1; }}
      />
      <p data-testid="status">{ready ? "ready" : "loading"}</p>
      <button type="submit" disabled={!stripe || !ready || paying}>Pay</button>
      <p data-testid="message">{message}</p>
    </form>
  );
}

function App() {
  const options = useMemo(() => ({ clientSecret: clientSecret!, appearance: { theme: "stripe" as const } }), []);
  return (
    <Elements stripe={stripeProp} options={options}>
      <Checkout />
    </Elements>
  );
}

createRoot(document.getElementById("root")!).render(<StrictMode><App /></StrictMode>);
`;

const test = base.extend<{}, { emulator: { url: string; stripe: Stripe }; bundle: string }>({
  emulator: [
    async ({}, use) => {
      const emulator = createEmulator({ log: () => {} });
      const { url, port } = await emulator.listen(0);
      await use({ url, stripe: new Stripe("sk_test_e2e_react", { host: "127.0.0.1", port, protocol: "http" }) });
      await emulator.close();
    },
    { scope: "worker" },
  ],
  bundle: [
    async ({}, use) => {
      const out = await build({
        stdin: { contents: APP, loader: "tsx", resolveDir: path.resolve(import.meta.dirname, "../.."), sourcefile: "app.tsx" },
        bundle: true,
        write: false,
        format: "iife",
        jsx: "automatic",
        target: "es2022",
        define: { "process.env.NODE_ENV": '"development"' },
        logLevel: "silent",
      });
      await use(out.outputFiles[0].text);
    },
    { scope: "worker" },
  ],
});

test.use({ permissions: ["local-network-access"] });

for (const [mode, lifecycle] of [
  ["promise", { created: 1, destroyed: 0, ready: 1 }],
  ["sync", { created: 2, destroyed: 1, ready: 1 }],
] as const) {
  test(`react-stripe-js 7 in StrictMode (${mode} stripe prop): one form, validation, pays with 4242`, async ({ page, emulator, bundle }) => {
    const pi = await emulator.stripe.paymentIntents.create({ amount: 1999, currency: "eur" });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    const stripeCdn: string[] = [];
    await page.route("https://js.stripe.com/**", (route) => {
      stripeCdn.push(route.request().url());
      return route.abort();
    });
    await page.route(`${SHOP}/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === "/app.js") return route.fulfill({ contentType: "application/javascript", body: bundle });
      return route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>React checkout</title>
          <script src="${emulator.url}/js/stripe.js"></script></head>
          <body><div id="root"></div><script src="/app.js"></script></body></html>`,
      });
    });

    await page.goto(`${SHOP}/checkout?mode=${mode}&cs=${encodeURIComponent(pi.client_secret!)}`);
    await expect(page.getByTestId("status")).toHaveText("ready");
    await expect(page.getByLabel("Card number")).toHaveCount(1); // StrictMode's first element was destroyed

    // Incomplete input is refused by elements.submit() before anything reaches the emulator.
    await page.getByLabel("Card number").pressSequentially("4242");
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page.getByTestId("message")).toHaveText("Your card number is incomplete.");

    await page.getByLabel("Card number").pressSequentially("424242424242");
    await page.getByLabel("Expiration date").pressSequentially(`12${String((new Date().getFullYear() + 4) % 100).padStart(2, "0")}`);
    await page.getByLabel("CVC").pressSequentially("123");
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page.getByTestId("message")).toHaveText("Payment succeeded");

    expect((await emulator.stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
    const charges = await emulator.stripe.charges.list({ payment_intent: pi.id });
    expect(charges.data.filter((c) => c.status === "succeeded")).toHaveLength(1);
    expect(stripeCdn).toEqual([]);
    const mounts = await page.evaluate(() => (window as any).__mounts);
    expect({ created: mounts.created, destroyed: mounts.destroyed, ready: mounts.ready }).toEqual(lifecycle);
    expect(mounts.change).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
}

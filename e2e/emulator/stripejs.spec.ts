// Browser tests of the emulator's Stripe.js stand-in (stripe-emulator/stripejs/stripe.js):
// real Chromium types the test cards into the card form it renders, and every outcome is
// checked twice — on the page, and on the PaymentIntent through the official stripe SDK.
import { test as base, expect, type Page } from "@playwright/test";
import Stripe from "stripe";
import { createEmulator } from "../../stripe-emulator/src/index";

const PK = "pk_test_e2e_stripejs";
// The shop is served by page.route at an https origin: Chromium (Local Network Access) refuses
// requests from a non-secure public origin such as http://shop.test to the emulator on loopback,
// and lets a secure one through once the "local-network-access" permission is granted — the
// same prompt a real https shop would trigger when pointed at a local emulator. (An app served
// from http://localhost talks to the emulator on 127.0.0.1 without any of this.)
const SHOP = "https://shop.test";

const AUTH_FAILURE = "We are unable to authenticate your payment method. Please choose a different payment method and try again.";

type EmulatorHandle = { url: string; stripe: Stripe };

const test = base.extend<{ shop: Shop }, { emulator: EmulatorHandle }>({
  // One emulator per worker, in-process, on a random port.
  emulator: [
    async ({}, use) => {
      const emulator = createEmulator({ log: () => {} });
      const { url, port } = await emulator.listen(0);
      const stripe = new Stripe("sk_test_e2e_stripejs", { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0 });
      await use({ url, stripe });
      await emulator.close();
    },
    { scope: "worker" },
  ],
  shop: async ({ page, emulator }, use) => {
    await use(new Shop(page, emulator));
  },
});

test.use({ permissions: ["local-network-access"] });

/** The card expiry typed into the form: December, four years from now. */
const EXPIRY = `12 / ${String((new Date().getFullYear() + 4) % 100).padStart(2, "0")}`;

type PageOptions = {
  clientSecret: string;
  element?: "payment" | "card";
  redirect?: "if_required" | "always";
};

/** A plain (no framework) merchant integration, served at https://shop.test/checkout. */
function checkoutHtml(emulatorUrl: string, opts: PageOptions): string {
  const config = JSON.stringify({ pk: PK, element: "payment", redirect: "if_required", ...opts });
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Checkout</title>
<script src="${emulatorUrl}/js/stripe.js"></script>
</head>
<body>
  <h1>Checkout</h1>
  <form id="payment-form">
    <div id="el"></div>
    <button id="pay" type="submit" disabled>Pay</button>
    <p id="status" data-testid="status">loading</p>
    <p id="message" role="status" data-testid="message"></p>
  </form>
  <script>
    const config = ${config};
    const status = document.getElementById("status");
    const message = document.getElementById("message");
    const pay = document.getElementById("pay");
    const stripe = Stripe(config.pk);
    const elements = config.element === "payment"
      ? stripe.elements({ clientSecret: config.clientSecret, appearance: { theme: "stripe" } })
      : stripe.elements();
    const element = elements.create(config.element);
    element.on("ready", () => { status.textContent = "ready"; pay.disabled = false; });
    element.on("loaderror", (event) => { status.textContent = "loaderror"; message.textContent = event.error.message; });
    element.mount("#el");
    document.getElementById("payment-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      pay.disabled = true;
      message.textContent = "";
      status.textContent = "paying";
      const result = config.element === "payment"
        ? await stripe.confirmPayment({ elements, confirmParams: { return_url: "${SHOP}/return" }, redirect: config.redirect })
        : await stripe.confirmCardPayment(config.clientSecret, { payment_method: { card: element } });
      if (result.error) {
        message.textContent = result.error.message;
        status.textContent = "error:" + (result.error.decline_code || result.error.code || result.error.type);
        pay.disabled = false;
      } else {
        message.textContent = "Payment " + result.paymentIntent.status;
        status.textContent = "done";
      }
    });
  </script>
</body>
</html>`;
}

const RETURN_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Return</title></head><body>
<p id="outcome"></p>
<script>
  const q = new URLSearchParams(location.search);
  document.getElementById("outcome").textContent =
    q.get("redirect_status") + " " + q.get("payment_intent") + " " + q.get("payment_intent_client_secret");
</script></body></html>`;

class Shop {
  constructor(
    readonly page: Page,
    readonly emulator: EmulatorHandle,
  ) {}

  get stripe() {
    return this.emulator.stripe;
  }

  async createIntent(amount = 2500) {
    return this.stripe.paymentIntents.create({ amount, currency: "eur", metadata: { test: test.info().title } });
  }

  /** Serve the integration at https://shop.test and open it; waits for the element's ready event. */
  async open(opts: PageOptions, expectReady = true) {
    const html = checkoutHtml(this.emulator.url, opts);
    await this.page.route(`${SHOP}/**`, (route) => {
      const url = new URL(route.request().url());
      const body = url.pathname === "/return" ? RETURN_HTML : html;
      return route.fulfill({ status: 200, contentType: "text/html", body });
    });
    await this.page.goto(`${SHOP}/checkout`);
    if (expectReady) await expect(this.status).toHaveText("ready");
  }

  get status() {
    return this.page.getByTestId("status");
  }
  get message() {
    return this.page.getByTestId("message");
  }
  get cardNumber() {
    return this.page.getByLabel("Card number");
  }
  get expiry() {
    return this.page.getByLabel("Expiration date");
  }
  get cvc() {
    return this.page.getByLabel("CVC");
  }
  get payButton() {
    return this.page.getByRole("button", { name: "Pay" });
  }
  get threeDS() {
    return this.page.getByRole("dialog", { name: "3D Secure authentication" });
  }

  /** Types like a person: key by key, letting the form format as it goes. */
  async typeCard(number: string, expiry = EXPIRY, cvc = "123") {
    await this.cardNumber.fill("");
    await this.cardNumber.pressSequentially(number);
    await this.expiry.fill("");
    await this.expiry.pressSequentially(expiry.replace(/\D/g, ""));
    await this.cvc.fill("");
    await this.cvc.pressSequentially(cvc);
  }

  async pay() {
    await this.payButton.click();
  }

  /** What the emulator itself answers a publishable-key caller presenting `clientSecret` (must be a 4xx). */
  async serverRefusal(paymentIntentId: string, clientSecret: string, method: "GET" | "POST") {
    const path = `/v1/payment_intents/${paymentIntentId}${method === "POST" ? "/confirm" : ""}`;
    const body = new URLSearchParams({ client_secret: clientSecret });
    const res = await fetch(`${this.emulator.url}${path}${method === "GET" ? `?${body}` : ""}`, {
      method,
      headers: { Authorization: `Bearer ${PK}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: method === "POST" ? body.toString() : undefined,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    return ((await res.json()) as { error: { type: string; code?: string; message: string } }).error;
  }

  async succeededCharges(paymentIntentId: string) {
    const charges = await this.stripe.charges.list({ payment_intent: paymentIntentId, limit: 100 });
    return charges.data.filter((c) => c.status === "succeeded");
  }
}

test.describe("Stripe.js stand-in: the card form", () => {
  test("renders a labelled card form that formats what is typed", async ({ shop }) => {
    const pi = await shop.createIntent();
    await shop.open({ clientSecret: pi.client_secret! });

    await expect(shop.cardNumber).toBeVisible();
    await expect(shop.expiry).toHaveAttribute("placeholder", "MM / YY");
    await expect(shop.cvc).toBeVisible();
    await expect(shop.page.getByText("Test mode · Stripe emulator")).toBeVisible();

    await shop.typeCard("4242424242424242");
    await expect(shop.cardNumber).toHaveValue("4242 4242 4242 4242");
    await expect(shop.expiry).toHaveValue(EXPIRY);
    await expect(shop.cvc).toHaveValue("123");
    await expect(shop.page.getByTestId("emulator-card-error")).toHaveText("");
  });

  test("an incomplete card shows a validation error and confirms nothing", async ({ shop }) => {
    const pi = await shop.createIntent();
    const confirms: string[] = [];
    shop.page.on("request", (r) => {
      if (r.url().includes("/confirm")) confirms.push(r.url());
    });
    await shop.open({ clientSecret: pi.client_secret! });

    await shop.cardNumber.pressSequentially("42424242");
    await shop.pay();
    await expect(shop.message).toHaveText("Your card number is incomplete.");
    await expect(shop.status).toHaveText("error:incomplete_number");
    await expect(shop.page.getByTestId("emulator-card-error")).toHaveText("Your card number is incomplete.");
    await expect(shop.cardNumber).toHaveAttribute("aria-invalid", "true");

    await shop.cardNumber.pressSequentially("42424242");
    await shop.pay();
    await expect(shop.status).toHaveText("error:incomplete_expiry");
    await expect(shop.message).toHaveText("Your card's expiration date is incomplete.");

    await shop.expiry.pressSequentially(EXPIRY.replace(/\D/g, ""));
    await shop.cvc.pressSequentially("12");
    await shop.pay();
    await expect(shop.status).toHaveText("error:incomplete_cvc");
    await expect(shop.message).toHaveText("Your card's security code is incomplete.");

    expect(confirms).toEqual([]);
    const after = await shop.stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe("requires_payment_method");
    expect(await shop.succeededCharges(pi.id)).toHaveLength(0);
  });

  test("an invalid number and a past expiry are refused as you type", async ({ shop }) => {
    const pi = await shop.createIntent();
    await shop.open({ clientSecret: pi.client_secret! });

    await shop.cardNumber.pressSequentially("4242424242424241");
    await expect(shop.page.getByTestId("emulator-card-error")).toHaveText("Your card number is invalid.");
    await shop.cardNumber.fill("");
    await shop.cardNumber.pressSequentially("4242424242424242");
    await expect(shop.page.getByTestId("emulator-card-error")).toHaveText("");

    await shop.expiry.pressSequentially("0120");
    await expect(shop.expiry).toHaveValue("01 / 20");
    await expect(shop.page.getByTestId("emulator-card-error")).toHaveText("Your card's expiration year is in the past.");
    await shop.cvc.pressSequentially("123");
    await shop.pay();
    await expect(shop.status).toHaveText("error:invalid_expiry_year_past");
    expect((await shop.stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_payment_method");
  });
});

test.describe("Stripe.js stand-in: test cards through confirmPayment", () => {
  test("4242 4242 4242 4242 succeeds", async ({ shop }) => {
    const pi = await shop.createIntent();
    await shop.open({ clientSecret: pi.client_secret! });

    await shop.typeCard("4242 4242 4242 4242");
    await shop.pay();
    await expect(shop.message).toHaveText("Payment succeeded");

    const after = await shop.stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe("succeeded");
    expect(await shop.succeededCharges(pi.id)).toHaveLength(1);
  });

  test("4000 0000 0000 0002 is declined, then 4242 on the same PaymentIntent succeeds", async ({ shop }) => {
    const pi = await shop.createIntent();
    await shop.open({ clientSecret: pi.client_secret! });

    await shop.typeCard("4000 0000 0000 0002");
    await shop.pay();
    await expect(shop.message).toHaveText("Your card was declined.");
    await expect(shop.status).toHaveText("error:generic_decline");
    const declined = await shop.stripe.paymentIntents.retrieve(pi.id);
    expect(declined.status).toBe("requires_payment_method");
    expect(declined.last_payment_error?.code).toBe("card_declined");
    expect(declined.last_payment_error?.decline_code).toBe("generic_decline");
    expect(await shop.succeededCharges(pi.id)).toHaveLength(0);

    await expect(shop.payButton).toBeEnabled();
    await shop.typeCard("4242424242424242");
    await shop.pay();
    await expect(shop.message).toHaveText("Payment succeeded");
    const after = await shop.stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe("succeeded");
    expect(await shop.succeededCharges(pi.id)).toHaveLength(1);
  });

  test("4000 0000 0000 9995 fails with insufficient funds", async ({ shop }) => {
    const pi = await shop.createIntent();
    await shop.open({ clientSecret: pi.client_secret! });

    await shop.typeCard("4000000000009995");
    await shop.pay();
    await expect(shop.message).toHaveText("Your card has insufficient funds.");
    await expect(shop.status).toHaveText("error:insufficient_funds");

    const after = await shop.stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe("requires_payment_method");
    expect(after.last_payment_error?.decline_code).toBe("insufficient_funds");
    expect(await shop.succeededCharges(pi.id)).toHaveLength(0);
  });

  test("4000 0025 0000 3155 asks for 3-D Secure; Complete succeeds", async ({ shop }) => {
    const pi = await shop.createIntent();
    await shop.open({ clientSecret: pi.client_secret! });

    await shop.typeCard("4000002500003155");
    await shop.pay();
    await expect(shop.threeDS).toBeVisible();
    expect((await shop.stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_action");
    await expect(shop.message).toHaveText(""); // still waiting for the customer

    await shop.threeDS.getByRole("button", { name: "Complete", exact: true }).click();
    await expect(shop.message).toHaveText("Payment succeeded");
    await expect(shop.threeDS).toBeHidden();

    const after = await shop.stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe("succeeded");
    expect(await shop.succeededCharges(pi.id)).toHaveLength(1);
  });

  test("4000 0025 0000 3155 with a failed 3-D Secure challenge is an authentication failure", async ({ shop }) => {
    const pi = await shop.createIntent();
    await shop.open({ clientSecret: pi.client_secret! });

    await shop.typeCard("4000002500003155");
    await shop.pay();
    await shop.threeDS.getByRole("button", { name: "Fail", exact: true }).click();
    await expect(shop.message).toHaveText(AUTH_FAILURE);
    await expect(shop.status).toHaveText("error:payment_intent_authentication_failure");
    await expect(shop.threeDS).toBeHidden();

    const after = await shop.stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe("requires_payment_method");
    expect(after.last_payment_error?.code).toBe("payment_intent_authentication_failure");
    expect(await shop.succeededCharges(pi.id)).toHaveLength(0);
  });

  test("redirect 'always' lands on return_url with the PaymentIntent and redirect_status", async ({ shop }) => {
    const pi = await shop.createIntent();
    await shop.open({ clientSecret: pi.client_secret!, redirect: "always" });

    await shop.typeCard("4242424242424242");
    await shop.pay();
    await shop.page.waitForURL(`${SHOP}/return?**`);
    await expect(shop.page.locator("#outcome")).toHaveText(`succeeded ${pi.id} ${pi.client_secret}`);
    expect((await shop.stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
  });

  test("confirming an already succeeded PaymentIntent again is refused and charges once", async ({ shop }) => {
    const pi = await shop.createIntent();
    await shop.open({ clientSecret: pi.client_secret! });
    await shop.typeCard("4242424242424242");
    await shop.pay();
    await expect(shop.message).toHaveText("Payment succeeded");

    const second = await shop.page.evaluate(async (clientSecret) => {
      const stripe = (window as any).Stripe("pk_test_e2e_stripejs");
      const elements = stripe.elements({ clientSecret });
      const host = document.createElement("div");
      document.body.appendChild(host);
      const el = elements.create("payment");
      el.mount(host);
      (host.querySelector('[data-testid="emulator-card-number"]') as HTMLInputElement).value = "4242 4242 4242 4242";
      (host.querySelector('[data-testid="emulator-card-expiry"]') as HTMLInputElement).value = "12 / 40";
      (host.querySelector('[data-testid="emulator-card-cvc"]') as HTMLInputElement).value = "123";
      const r = await stripe.confirmPayment({ elements, redirect: "if_required" });
      return r.error ? { code: r.error.code } : { status: r.paymentIntent.status };
    }, pi.client_secret!);
    expect(second).toEqual({ code: "payment_intent_unexpected_state" });
    expect(await shop.succeededCharges(pi.id)).toHaveLength(1);
  });
});

test.describe("Stripe.js stand-in: authentication", () => {
  test("a wrong client secret is refused with the emulator's error", async ({ shop }) => {
    const pi = await shop.createIntent();
    const wrong = `${pi.id}_secret_notTheRealSecret0`;
    const serverError = await shop.serverRefusal(pi.id, wrong, "GET");

    // The Payment Element refuses to load (loaderror), showing the server's message.
    await shop.open({ clientSecret: wrong }, false);
    await expect(shop.status).toHaveText("loaderror");
    await expect(shop.message).toHaveText(serverError.message);
    await expect(shop.page.getByTestId("emulator-load-error")).toContainText(serverError.message);
    await expect(shop.cardNumber).toHaveCount(0);
    expect((await shop.stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_payment_method");
  });

  test("confirmCardPayment with a wrong client secret charges nothing", async ({ shop }) => {
    const pi = await shop.createIntent();
    const wrong = `${pi.id}_secret_notTheRealSecret0`;
    await shop.open({ clientSecret: wrong, element: "card" });

    await shop.typeCard("4242424242424242");
    await shop.pay();
    const serverError = await shop.serverRefusal(pi.id, wrong, "POST");
    await expect(shop.message).toHaveText(serverError.message);
    await expect(shop.status).toHaveText(`error:${serverError.code ?? serverError.type}`);
    const after = await shop.stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe("requires_payment_method");
    expect(await shop.succeededCharges(pi.id)).toHaveLength(0);

    // The same page with the right secret works: the refusal was about the secret.
    const ok = await shop.page.evaluate(async (clientSecret) => {
      const stripe = (window as any).Stripe("pk_test_e2e_stripejs");
      const r = await stripe.retrievePaymentIntent(clientSecret);
      return r.error ? r.error.message : r.paymentIntent.status;
    }, pi.client_secret!);
    expect(ok).toBe("requires_payment_method");
  });

  test("the card element with confirmCardPayment pays with 4242", async ({ shop }) => {
    const pi = await shop.createIntent();
    await shop.open({ clientSecret: pi.client_secret!, element: "card" });
    await shop.typeCard("4242424242424242");
    await shop.pay();
    await expect(shop.message).toHaveText("Payment succeeded");
    expect((await shop.stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
  });
});

test.describe("Stripe.js stand-in: lifecycle", () => {
  test("satisfies @stripe/react-stripe-js 7's checks and survives StrictMode's mount, destroy, mount", async ({ shop }) => {
    const pi = await shop.createIntent();
    await shop.open({ clientSecret: pi.client_secret! });

    const report = await shop.page.evaluate(async (clientSecret) => {
      const Stripe = (window as any).Stripe;
      const stripe = Stripe("pk_test_e2e_stripejs");
      // The exact check of react-stripe-js 7 (isStripe in dist/react-stripe.esm.mjs).
      const isStripe =
        stripe !== null &&
        typeof stripe === "object" &&
        typeof stripe.elements === "function" &&
        typeof stripe.createToken === "function" &&
        typeof stripe.createPaymentMethod === "function" &&
        typeof stripe.confirmCardPayment === "function";
      // registerWithStripeJs: called when both exist.
      const registers = typeof stripe._registerWrapper === "function" && typeof stripe.registerAppInfo === "function";
      stripe._registerWrapper({ name: "react-stripe-js", version: "7.0.1" });
      stripe.registerAppInfo({ name: "react-stripe-js", version: "7.0.1", url: "https://stripe.com/docs/stripe-js/react" });

      const host = document.createElement("div");
      document.body.appendChild(host);
      const elements = stripe.elements({ clientSecret });
      const readies: string[] = [];
      const onChange = () => {};

      // What React StrictMode does to <PaymentElement>: create+mount, destroy, create+mount again.
      const first = elements.create("payment", {});
      first.on("change", onChange);
      first.on("ready", () => readies.push("first"));
      first.mount(host);
      first.destroy();
      first.off("change", onChange); // react-stripe-js detaches listeners after destroy
      const second = elements.create("payment", {});
      second.on("ready", () => readies.push("second"));
      second.mount(host);
      second.update({ readOnly: false });
      elements.update({ appearance: { variables: { colorPrimary: "#635bff" } } });
      await new Promise<void>((resolve) => second.once("ready", () => resolve()));
      const afterFetch = await elements.fetchUpdates();

      let doubleCreate = "";
      try {
        elements.create("payment");
      } catch (e) {
        doubleCreate = (e as Error).message;
      }
      let destroyedMount = "";
      try {
        first.mount(host);
      } catch (e) {
        destroyedMount = (e as Error).message;
      }
      const forms = host.querySelectorAll('[data-testid="emulator-card-number"]').length;
      const unsupported = await stripe.createPaymentMethod({ type: "card" });
      return {
        isStripe,
        registers,
        readies,
        sameElement: elements.getElement("payment") === second,
        forms,
        doubleCreate,
        destroyedMount,
        afterFetch,
        unsupportedHasError: Boolean(unsupported.error),
        version: Stripe.version,
      };
    }, pi.client_secret!);

    expect(report).toEqual({
      isStripe: true,
      registers: true,
      readies: ["second"],
      sameElement: true,
      forms: 1,
      doubleCreate: "Can only create one Element of type payment.",
      destroyedMount: "This Element has already been destroyed. Please create a new one.",
      afterFetch: {},
      unsupportedHasError: true,
      version: "endive",
    });
  });

  test("a second element mounted after destroy takes a payment", async ({ shop }) => {
    const pi = await shop.createIntent();
    await shop.open({ clientSecret: pi.client_secret! });

    // Destroy the page's element and mount a fresh one in the same node, then pay through it.
    // `element` and `elements` are top-level bindings of the page's integration script.
    await shop.page.addScriptTag({
      content: `element.destroy();
        const again = elements.create("payment");
        again.on("ready", () => document.querySelector("#el").setAttribute("data-remounted", "yes"));
        again.mount("#el");`,
    });
    await expect(shop.page.locator("#el")).toHaveAttribute("data-remounted", "yes");
    await expect(shop.cardNumber).toHaveCount(1);
    await shop.typeCard("4242424242424242");
    await shop.pay();
    await expect(shop.message).toHaveText("Payment succeeded");
    expect((await shop.stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
  });
});

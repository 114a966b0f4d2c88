import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { cardData, startEmulator, type Running } from "./helpers.js";

let emu: Running;
let stripe: Stripe;
beforeAll(async () => {
  emu = await startEmulator();
  stripe = emu.stripe;
});
afterAll(() => emu.close());

const newIntent = (extra: Partial<Stripe.PaymentIntentCreateParams> = {}) => stripe.paymentIntents.create({ amount: 4200, currency: "usd", ...extra });
const declineOf = (promise: Promise<unknown>) => promise.then(() => { throw new Error("expected a decline"); }, (e: unknown) => e as Stripe.errors.StripeCardError);
const threeDs = (pi: Stripe.PaymentIntent, outcome: "complete" | "fail") => emu.control("POST", `3ds/${pi.id}`, { client_secret: pi.client_secret, outcome });

describe("PaymentIntent objects", () => {
  it("look like Stripe's", async () => {
    const pi = await newIntent({ metadata: { orderId: "42" }, description: "Order 42" });
    expect(pi).toMatchObject({
      object: "payment_intent",
      amount: 4200,
      amount_received: 0,
      currency: "usd",
      status: "requires_payment_method",
      livemode: false,
      capture_method: "automatic_async",
      confirmation_method: "automatic",
      automatic_payment_methods: { enabled: true },
      payment_method: null,
      latest_charge: null,
      last_payment_error: null,
      next_action: null,
      metadata: { orderId: "42" },
      description: "Order 42",
    });
    expect(pi.id).toMatch(/^pi_[A-Za-z0-9]{24}$/);
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_[A-Za-z0-9]+$`));
    expect(Math.abs(pi.created - Date.now() / 1000)).toBeLessThan(5);
    expect(pi.lastResponse.requestId).toMatch(/^req_/);
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ id: pi.id, client_secret: pi.client_secret });
  });

  it("normalises the currency and keeps payment_method_types when given", async () => {
    // payment_method_types is not in stripe-node 23's types (newer API versions), but the API accepts it.
    const pi = await stripe.paymentIntents.create({ amount: 100, currency: "EUR", payment_method_types: ["card"] } as unknown as Stripe.PaymentIntentCreateParams);
    expect(pi.currency).toBe("eur");
    expect(pi.payment_method_types).toEqual(["card"]);
    expect(pi.automatic_payment_methods).toBeNull();
  });
});

describe("test cards", () => {
  it("4242 4242 4242 4242 succeeds with a charge", async () => {
    const pi = await newIntent();
    const done = await stripe.paymentIntents.confirm(pi.id, { payment_method_data: cardData("4242 4242 4242 4242") });
    expect(done.status).toBe("succeeded");
    expect(done.amount_received).toBe(4200);
    expect(done.payment_method).toMatch(/^pm_/);
    const charge = await stripe.charges.retrieve(done.latest_charge as string);
    expect(charge).toMatchObject({ status: "succeeded", paid: true, captured: true, amount: 4200, amount_captured: 4200, payment_intent: pi.id });
    expect(charge.payment_method_details?.card?.last4).toBe("4242");
    expect(charge.payment_method_details?.card?.brand).toBe("visa");
  });

  it.each([
    ["4000000000000002", "card_declined", "generic_decline"],
    ["4000000000009995", "card_declined", "insufficient_funds"],
    ["4000000000009987", "card_declined", "lost_card"],
    ["4000000000000069", "expired_card", "expired_card"],
    ["4000000000000127", "incorrect_cvc", "incorrect_cvc"],
    ["4000000000000119", "processing_error", "processing_error"],
  ])("%s is declined with %s / %s", async (number, code, declineCode) => {
    const pi = await newIntent();
    const err = await declineOf(stripe.paymentIntents.confirm(pi.id, { payment_method_data: cardData(number) }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err.statusCode).toBe(402);
    expect(err.code).toBe(code);
    expect(err.decline_code).toBe(declineCode);
    expect(err.payment_intent?.id).toBe(pi.id);
    expect(err.payment_intent?.status).toBe("requires_payment_method");
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe("requires_payment_method");
    expect(after.last_payment_error?.code).toBe(code);
    expect(after.last_payment_error?.decline_code).toBe(declineCode);
    const charge = await stripe.charges.retrieve(after.latest_charge as string);
    expect(charge.status).toBe("failed");
    expect(charge.failure_code).toBe(code);
  });

  it("4000 0025 0000 3155 requires 3-D Secure, then succeeds when the challenge is completed", async () => {
    const pi = await newIntent();
    const pending = await stripe.paymentIntents.confirm(pi.id, { payment_method_data: cardData("4000002500003155") });
    expect(pending.status).toBe("requires_action");
    expect(pending.next_action?.type).toBe("use_stripe_sdk");
    const sdk = pending.next_action?.use_stripe_sdk as { type: string; stripe_js: string };
    expect(sdk.type).toBe("three_d_secure_redirect");
    expect(sdk.stripe_js).toBe(`${emu.url}/_emulator/3ds/${pi.id}`);
    await threeDs(pi, "complete");
    const done = await stripe.paymentIntents.retrieve(pi.id);
    expect(done.status).toBe("succeeded");
    expect(done.next_action).toBeNull();
    expect((await stripe.charges.retrieve(done.latest_charge as string)).status).toBe("succeeded");
  });

  it("a failed 3-D Secure challenge leaves the PaymentIntent needing a new payment method", async () => {
    const pi = await newIntent();
    await stripe.paymentIntents.confirm(pi.id, { payment_method_data: cardData("4000002500003155") });
    await threeDs(pi, "fail");
    const failed = await stripe.paymentIntents.retrieve(pi.id);
    expect(failed.status).toBe("requires_payment_method");
    expect(failed.last_payment_error?.code).toBe("payment_intent_authentication_failure");
    expect(failed.latest_charge).toBeNull();
    const retried = await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    expect(retried.status).toBe("succeeded");
  });

  it("refuses a 3-D Secure answer with the wrong client secret", async () => {
    const pi = await newIntent();
    await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_authenticationRequired" });
    await expect(emu.control("POST", `3ds/${pi.id}`, { client_secret: `${pi.id}_secret_wrong`, outcome: "complete" })).rejects.toThrow(/400/);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_action");
  });

  it.each([
    ["pm_card_visa", "succeeded", undefined],
    ["pm_card_mastercard", "succeeded", undefined],
    ["pm_card_chargeDeclined", "declined", "generic_decline"],
    ["pm_card_visa_chargeDeclinedInsufficientFunds", "declined", "insufficient_funds"],
    ["pm_card_chargeDeclinedInsufficientFunds", "declined", "insufficient_funds"],
    ["pm_card_authenticationRequired", "requires_action", undefined],
  ])("%s → %s", async (token, outcome, declineCode) => {
    const pi = await newIntent();
    const result = await stripe.paymentIntents.confirm(pi.id, { payment_method: token }).catch((e: Stripe.errors.StripeCardError) => e);
    if (outcome === "declined") {
      expect(result).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect((result as Stripe.errors.StripeCardError).decline_code).toBe(declineCode);
    } else {
      expect((result as Stripe.PaymentIntent).status).toBe(outcome);
    }
  });

  it("an unknown, Luhn-valid card is a live card: declined in test mode", async () => {
    const pi = await newIntent();
    const err = await declineOf(stripe.paymentIntents.confirm(pi.id, { payment_method_data: cardData("4111111111111111") }));
    expect(err.decline_code).toBe("test_mode_live_card");
  });

  it("an invalid card number is incorrect_number", async () => {
    const pi = await newIntent();
    const err = await declineOf(stripe.paymentIntents.confirm(pi.id, { payment_method_data: cardData("4242424242424241") }));
    expect(err.code).toBe("incorrect_number");
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_payment_method");
  });
});

describe("confirmation rules", () => {
  it("a declined PaymentIntent can be confirmed again with another card", async () => {
    const pi = await newIntent();
    await declineOf(stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_chargeDeclined" }));
    const done = await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    expect(done.status).toBe("succeeded");
    expect(done.last_payment_error).toBeNull();
    const charges = await stripe.charges.list({ payment_intent: pi.id });
    expect(charges.data.map((c) => c.status)).toEqual(["succeeded", "failed"]);
  });

  it("confirming a succeeded PaymentIntent is payment_intent_unexpected_state, and charges nothing", async () => {
    const pi = await newIntent({ confirm: true, payment_method: "pm_card_visa" });
    expect(pi.status).toBe("succeeded");
    const err = await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" }).catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe("payment_intent_unexpected_state");
    expect((await stripe.charges.list({ payment_intent: pi.id })).data).toHaveLength(1);
  });

  it("confirming without any payment method is payment_intent_unexpected_state", async () => {
    const pi = await newIntent();
    const err = await stripe.paymentIntents.confirm(pi.id).catch((e) => e);
    expect(err.code).toBe("payment_intent_unexpected_state");
  });

  it("payment_method on create without confirm waits in requires_confirmation", async () => {
    const pi = await newIntent({ payment_method: "pm_card_visa" });
    expect(pi.status).toBe("requires_confirmation");
    expect((await stripe.paymentIntents.confirm(pi.id)).status).toBe("succeeded");
  });

  it("create with confirm=true and a declining card answers 402 but keeps the PaymentIntent", async () => {
    const err = await declineOf(newIntent({ confirm: true, payment_method: "pm_card_chargeDeclined" }));
    const pi = await stripe.paymentIntents.retrieve(err.payment_intent!.id);
    expect(pi.status).toBe("requires_payment_method");
  });

  it("expand[]=latest_charge returns the charge object", async () => {
    const pi = await newIntent({ confirm: true, payment_method: "pm_card_visa", expand: ["latest_charge"] });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.object).toBe("charge");
    expect(charge.payment_intent).toBe(pi.id);
    const retrieved = await stripe.paymentIntents.retrieve(pi.id, { expand: ["latest_charge", "payment_method"] });
    expect((retrieved.latest_charge as Stripe.Charge).id).toBe(charge.id);
    expect((retrieved.payment_method as Stripe.PaymentMethod).card?.last4).toBe("4242");
    const bad = await stripe.paymentIntents.retrieve(pi.id, { expand: ["nope"] }).catch((e) => e);
    expect(bad.statusCode).toBe(400);
    expect(bad.message).toContain("cannot be expanded");
  });
});

describe("manual capture, cancel, update", () => {
  it("capture_method=manual authorizes, then captures (partially)", async () => {
    const pi = await newIntent({ capture_method: "manual", confirm: true, payment_method: "pm_card_visa" });
    expect(pi.status).toBe("requires_capture");
    expect(pi.amount_capturable).toBe(4200);
    expect(pi.amount_received).toBe(0);
    const tooMuch = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 5000 }).catch((e) => e);
    expect(tooMuch.code).toBe("amount_too_large");
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 4000 });
    expect(captured.status).toBe("succeeded");
    expect(captured.amount_received).toBe(4000);
    const charge = await stripe.charges.retrieve(captured.latest_charge as string);
    expect(charge).toMatchObject({ captured: true, amount_captured: 4000 });
    const again = await stripe.paymentIntents.capture(pi.id).catch((e) => e);
    expect(again.code).toBe("payment_intent_unexpected_state");
  });

  it("cancels open PaymentIntents, not succeeded ones", async () => {
    const open = await newIntent();
    const canceled = await stripe.paymentIntents.cancel(open.id, { cancellation_reason: "duplicate" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "duplicate" });
    expect(canceled.canceled_at).toBeGreaterThan(0);
    const confirmCanceled = await stripe.paymentIntents.confirm(open.id, { payment_method: "pm_card_visa" }).catch((e) => e);
    expect(confirmCanceled.code).toBe("payment_intent_unexpected_state");
    const paid = await newIntent({ confirm: true, payment_method: "pm_card_visa" });
    const err = await stripe.paymentIntents.cancel(paid.id).catch((e) => e);
    expect(err.code).toBe("payment_intent_unexpected_state");
  });

  it("cancelling an authorization releases its charge", async () => {
    const pi = await newIntent({ capture_method: "manual", confirm: true, payment_method: "pm_card_visa" });
    const canceled = await stripe.paymentIntents.cancel(pi.id);
    expect(canceled.status).toBe("canceled");
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).refunded).toBe(true);
  });

  it("updates amount and metadata (merge, unset) while open; only metadata once succeeded", async () => {
    const pi = await newIntent({ metadata: { a: "1", b: "2" } });
    const updated = await stripe.paymentIntents.update(pi.id, { amount: 5000, metadata: { b: "", c: "3" } });
    expect(updated.amount).toBe(5000);
    expect(updated.metadata).toEqual({ a: "1", c: "3" });
    const paid = await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    expect(paid.amount_received).toBe(5000);
    const err = await stripe.paymentIntents.update(pi.id, { amount: 6000 }).catch((e) => e);
    expect(err.code).toBe("payment_intent_unexpected_state");
    const meta = await stripe.paymentIntents.update(pi.id, { metadata: { reconciled: "yes" } });
    expect(meta.metadata.reconciled).toBe("yes");
  });
});

describe("errors", () => {
  it.each([
    [{ amount: 49, currency: "usd" }, "amount_too_small", "amount"],
    [{ amount: 29, currency: "gbp" }, "amount_too_small", "amount"],
    [{ amount: 100_000_000, currency: "usd" }, "amount_too_large", "amount"],
    [{ currency: "usd" }, "parameter_missing", "amount"],
    [{ amount: 1000 }, "parameter_missing", "currency"],
    [{ amount: 1000, currency: "usd", bogus: "x" }, "parameter_unknown", "bogus"],
    [{ amount: 1000, currency: "usd", automatic_payment_methods: { enabled: true, nope: 1 } }, "parameter_unknown", "automatic_payment_methods[nope]"],
    [{ amount: "12.5", currency: "usd" }, "parameter_invalid_integer", "amount"],
    [{ amount: "abc", currency: "usd" }, "parameter_invalid_integer", "amount"],
  ])("create %j → %s (%s)", async (params, code, param) => {
    const err = await stripe.paymentIntents.create(params as unknown as Stripe.PaymentIntentCreateParams).catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe(code);
    expect(err.param).toBe(param);
    expect(err.raw.type).toBe("invalid_request_error");
  });

  it.each([
    [{ amount: 1000, currency: "usd", confirm: "maybe" }, "confirm", /Invalid boolean/],
    [{ amount: 1000, currency: "usd", capture_method: "later" }, "capture_method", /must be one of/],
    [{ amount: 1000, currency: "usd", metadata: "x" }, "metadata", /Invalid object/],
    [{ amount: 1000, currency: "usd", metadata: { ["k".repeat(41)]: "v" } }, `metadata[${"k".repeat(41)}]`, /40 characters/],
    [{ amount: 1000, currency: "xyz" }, "currency", /Invalid currency/],
  ])("wrong type %j → 400 on %s", async (params, param, message) => {
    const err = await stripe.paymentIntents.create(params as unknown as Stripe.PaymentIntentCreateParams).catch((e) => e);
    expect(err.statusCode).toBe(400);
    expect(err.param).toBe(param);
    expect(err.message).toMatch(message);
  });

  it("unknown ids are 404 resource_missing", async () => {
    for (const call of [
      () => stripe.paymentIntents.retrieve("pi_doesnotexist"),
      () => stripe.paymentIntents.confirm("pi_doesnotexist", { payment_method: "pm_card_visa" }),
      () => stripe.paymentIntents.cancel("pi_doesnotexist"),
      () => stripe.charges.retrieve("ch_doesnotexist"),
      () => stripe.refunds.retrieve("re_doesnotexist"),
      () => stripe.events.retrieve("evt_doesnotexist"),
    ]) {
      const err = await call().catch((e) => e);
      expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(err.statusCode).toBe(404);
      expect(err.code).toBe("resource_missing");
    }
    const pm = await stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: "pm_nope" }).catch((e) => e);
    expect(pm.code).toBe("resource_missing");
    expect(pm.param).toBe("payment_method");
  });

  it("missing or invalid API keys are 401", async () => {
    for (const apiKey of ["sk_live_123", "not-a-key", "sk_test_has-dash"]) {
      const err = await emu.client({ apiKey }).paymentIntents.create({ amount: 1000, currency: "usd" }).catch((e) => e);
      expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(err.statusCode).toBe(401);
      expect(err.message).toMatch(/Invalid API Key provided/);
    }
    const res = await fetch(`${emu.url}/v1/payment_intents`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { type: string; message: string } }).error).toMatchObject({ type: "invalid_request_error", message: expect.stringContaining("did not provide an API key") });
  });
});

describe("publishable key + client secret (what Stripe.js uses)", () => {
  const pk = () => emu.client({ apiKey: "pk_test_emulator" });

  it("retrieves with the client secret, without server-only fields", async () => {
    const pi = await newIntent({ metadata: { secret: "server-only" } });
    const seen = await pk().paymentIntents.retrieve(pi.id, { client_secret: pi.client_secret! } as Stripe.PaymentIntentRetrieveParams);
    expect(seen.id).toBe(pi.id);
    expect(seen.status).toBe("requires_payment_method");
    expect(seen.metadata).toBeUndefined();
  });

  it("refuses a wrong or missing client secret, and secret-key endpoints", async () => {
    const pi = await newIntent();
    const wrong = await pk().paymentIntents.retrieve(pi.id, { client_secret: `${pi.id}_secret_nope` } as Stripe.PaymentIntentRetrieveParams).catch((e) => e);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.param).toBe("client_secret");
    const missing = await pk().paymentIntents.retrieve(pi.id).catch((e) => e);
    expect(missing.statusCode).toBe(400);
    const create = await pk().paymentIntents.create({ amount: 1000, currency: "usd" }).catch((e) => e);
    expect(create.statusCode).toBe(401);
    const confirm = await pk().paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa", client_secret: `${pi.id}_secret_nope` } as Stripe.PaymentIntentConfirmParams).catch((e) => e);
    expect(confirm.statusCode).toBe(400);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_payment_method");
  });

  it("confirms with card details and the client secret", async () => {
    const pi = await newIntent();
    const done = await pk().paymentIntents.confirm(pi.id, {
      client_secret: pi.client_secret!,
      payment_method_data: cardData("4242424242424242"),
      return_url: "http://localhost/return",
    } as Stripe.PaymentIntentConfirmParams);
    expect(done.status).toBe("succeeded");
  });
});

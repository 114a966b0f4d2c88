import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startEmulator, uniqueKey, waitFor, type Running } from "./helpers.js";

let emu: Running;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const created = async () => (await emu.control("GET", "counters")).paymentIntentsCreated as number;
const params = { amount: 2000, currency: "usd", metadata: { orderId: "o-1" } };

describe("idempotency keys (as Stripe documents them)", () => {
  it("replays the first response with Idempotent-Replayed: true and creates nothing new", async () => {
    const key = uniqueKey();
    const before = await created();
    const first = await emu.stripe.paymentIntents.create(params, { idempotencyKey: key });
    const second = await emu.stripe.paymentIntents.create(params, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(second.client_secret).toBe(first.client_secret);
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(second.lastResponse.headers["original-request"]).toBe(first.lastResponse.requestId);
    expect(second.lastResponse.requestId).not.toBe(first.lastResponse.requestId);
    expect(await created()).toBe(before + 1);
  });

  it("matches parameters regardless of their order", async () => {
    const key = uniqueKey();
    const first = await emu.stripe.paymentIntents.create({ amount: 2000, currency: "usd", metadata: { a: "1", b: "2" } }, { idempotencyKey: key });
    const second = await emu.stripe.paymentIntents.create({ metadata: { b: "2", a: "1" }, currency: "usd", amount: 2000 }, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
  });

  it("replays a stored error (a decline) with its original status", async () => {
    const key = uniqueKey();
    const decline = { amount: 1500, currency: "usd", confirm: true, payment_method: "pm_card_chargeDeclined" };
    const first = await emu.stripe.paymentIntents.create(decline, { idempotencyKey: key }).catch((e: Stripe.errors.StripeError) => e);
    const second = await emu.stripe.paymentIntents.create(decline, { idempotencyKey: key }).catch((e: Stripe.errors.StripeError) => e);
    expect(first).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(second).toBeInstanceOf(Stripe.errors.StripeCardError);
    const [a, b] = [first as Stripe.errors.StripeCardError, second as Stripe.errors.StripeCardError];
    expect(b.statusCode).toBe(402);
    expect(b.headers?.["idempotent-replayed"]).toBe("true");
    expect(b.payment_intent?.id).toBe(a.payment_intent?.id);
  });

  it("refuses the same key with other parameters (400 idempotency_error)", async () => {
    const key = uniqueKey();
    await emu.stripe.paymentIntents.create(params, { idempotencyKey: key });
    const err = await emu.stripe.paymentIntents.create({ ...params, amount: 2001 }, { idempotencyKey: key }).catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe("StripeIdempotencyError");
    expect(err.message).toContain("same parameters");
  });

  it("refuses the same key on another endpoint (400 idempotency_error)", async () => {
    const key = uniqueKey();
    const pi = await emu.stripe.paymentIntents.create(params, { idempotencyKey: key });
    const onConfirm = await emu.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" }, { idempotencyKey: key }).catch((e) => e);
    expect(onConfirm).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(onConfirm.message).toContain("same endpoint");
    const onRefund = await emu.stripe.refunds.create({ payment_intent: pi.id }, { idempotencyKey: key }).catch((e) => e);
    expect(onRefund).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((await emu.stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_payment_method");
  });

  it("scopes keys per secret key", async () => {
    const key = uniqueKey();
    const a = await emu.client({ apiKey: "sk_test_alice" }).paymentIntents.create(params, { idempotencyKey: key });
    const b = await emu.client({ apiKey: "sk_test_bob" }).paymentIntents.create(params, { idempotencyKey: key });
    const a2 = await emu.client({ apiKey: "sk_test_alice" }).paymentIntents.create(params, { idempotencyKey: key });
    expect(b.id).not.toBe(a.id);
    expect(a2.id).toBe(a.id);
  });

  it("accepts keys of up to 255 characters and refuses longer ones", async () => {
    const ok = await emu.stripe.paymentIntents.create(params, { idempotencyKey: "k".repeat(255) });
    expect(ok.id).toMatch(/^pi_[A-Za-z0-9]{24}$/);
    const before = await created();
    const err = await emu.stripe.paymentIntents.create(params, { idempotencyKey: "k".repeat(256) }).catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain("255 characters");
    expect(await created()).toBe(before);
  });

  it("does not store validation failures: the same key then runs with valid parameters", async () => {
    const key = uniqueKey();
    const invalid = await emu.stripe.paymentIntents.create({ amount: 10, currency: "usd" }, { idempotencyKey: key }).catch((e) => e);
    expect(invalid.code).toBe("amount_too_small");
    const valid = await emu.stripe.paymentIntents.create(params, { idempotencyKey: key });
    expect(valid.status).toBe("requires_payment_method");
    expect(valid.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("does not store 401s or 429s", async () => {
    const key = uniqueKey("limited");
    const unauthorized = await emu.client({ apiKey: "sk_live_nope" }).paymentIntents.create(params, { idempotencyKey: key }).catch((e) => e);
    expect(unauthorized).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    await emu.control("POST", "faults", { kind: "rate_limit", match: { idempotencyKeyPrefix: key } });
    const limited = await emu.stripe.paymentIntents.create(params, { idempotencyKey: key }).catch((e) => e);
    expect(limited).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(limited.statusCode).toBe(429);
    const before = await created();
    const ok = await emu.stripe.paymentIntents.create(params, { idempotencyKey: key });
    expect(ok.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(await created()).toBe(before + 1);
  });

  it("forgets keys after the configured time", async () => {
    const short = await startEmulator({ idempotencyTtlMs: 150 });
    try {
      const key = uniqueKey();
      const first = await short.stripe.paymentIntents.create(params, { idempotencyKey: key });
      // Replays until the key expires; then the same key creates a new PaymentIntent.
      const later = await waitFor(async () => {
        const pi = await short.stripe.paymentIntents.create(params, { idempotencyKey: key });
        return pi.id !== first.id ? pi : null;
      }, "key expiry");
      expect(later.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    } finally {
      await short.close();
    }
  });
});

describe("concurrency and the SDK's own retries", () => {
  /** Holds matching requests inside the emulator (key claimed, not yet executed). */
  async function holdRequests(prefix: string, latencyMs: number) {
    const { id } = await emu.control("POST", "faults", { kind: "latency", latencyMs, match: { idempotencyKeyPrefix: prefix } });
    const hits = async () => ((await emu.control("GET", "faults")).data as { id: string; hits: number }[]).find((f) => f.id === id)?.hits ?? 0;
    return { id, hits };
  }

  it("answers 409 idempotency_key_in_use while the first request with the key is still running", async () => {
    const key = uniqueKey("inflight");
    const fault = await holdRequests(key, 600);
    const before = await created();
    const first = emu.stripe.paymentIntents.create(params, { idempotencyKey: key });
    await waitFor(async () => (await fault.hits()) >= 1, "first request to be held");
    const second = await emu.stripe.paymentIntents.create(params, { idempotencyKey: key }).catch((e) => e);
    expect(second).toBeInstanceOf(Stripe.errors.StripeError);
    expect(second.statusCode).toBe(409);
    expect(second.code).toBe("idempotency_key_in_use");
    const firstPi = await first;
    await emu.control("DELETE", `faults/${fault.id}`);
    const third = await emu.stripe.paymentIntents.create(params, { idempotencyKey: key });
    expect(third.id).toBe(firstPi.id);
    expect(third.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(await created()).toBe(before + 1);
  });

  it("lets the SDK's automatic retry of a 409 converge on the first request's result", async () => {
    const key = uniqueKey("inflight-retry");
    const fault = await holdRequests(key, 300); // shorter than the SDK's first retry delay (≥ 500 ms)
    const retrying = emu.client({ maxNetworkRetries: 3 });
    const first = retrying.paymentIntents.create(params, { idempotencyKey: key });
    await waitFor(async () => (await fault.hits()) >= 1, "first request to be held");
    const second = await retrying.paymentIntents.create(params, { idempotencyKey: key });
    const firstPi = await first;
    expect(second.id).toBe(firstPi.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    const counters = await emu.control("GET", "counters");
    expect(counters.requests["POST /v1/payment_intents"]).toBeGreaterThanOrEqual(3); // first, 409, retry
  });

  it("drop_response: Stripe committed but the caller never heard; the SDK's retry gets the replay", async () => {
    const key = uniqueKey("drop");
    await emu.control("POST", "faults", { kind: "drop_response", match: { idempotencyKeyPrefix: key } });
    const before = await created();
    const pi = await emu.client({ maxNetworkRetries: 2 }).paymentIntents.create(params, { idempotencyKey: key });
    expect(pi.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(await created()).toBe(before + 1);
    const search = await emu.stripe.paymentIntents.retrieve(pi.id);
    expect(search.amount).toBe(2000);
  });

  it("drop_response without SDK retries: the caller sees a connection error, yet the PaymentIntent exists", async () => {
    const key = uniqueKey("drop-noretry");
    // Two drops: stripe-node retries a closed connection once even with maxNetworkRetries 0.
    await emu.control("POST", "faults", { kind: "drop_response", count: 2, match: { idempotencyKeyPrefix: key } });
    const before = await created();
    const err = await emu.stripe.paymentIntents.create(params, { idempotencyKey: key }).catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(await created()).toBe(before + 1);
    const again = await emu.stripe.paymentIntents.create(params, { idempotencyKey: key });
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(await created()).toBe(before + 1);
  });

  it("error500 happens before execution: nothing is created, and the SDK's retry succeeds", async () => {
    const key = uniqueKey("e500");
    await emu.control("POST", "faults", { kind: "error500", match: { idempotencyKeyPrefix: key } });
    const before = await created();
    const failed = await emu.stripe.paymentIntents.create(params, { idempotencyKey: key }).catch((e) => e);
    expect(failed).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(failed.statusCode).toBe(500);
    expect(await created()).toBe(before);

    const key2 = uniqueKey("e500");
    await emu.control("POST", "faults", { kind: "error500", match: { idempotencyKeyPrefix: key2 } });
    const pi = await emu.client({ maxNetworkRetries: 2 }).paymentIntents.create(params, { idempotencyKey: key2 });
    expect(pi.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(await created()).toBe(before + 1);
  });

  it("connection_reset: nothing is created and the SDK's retry creates exactly one", async () => {
    const key = uniqueKey("reset");
    await emu.control("POST", "faults", { kind: "connection_reset", match: { idempotencyKeyPrefix: key } });
    const before = await created();
    const pi = await emu.client({ maxNetworkRetries: 1 }).paymentIntents.create(params, { idempotencyKey: key });
    expect(pi.status).toBe("requires_payment_method");
    expect(await created()).toBe(before + 1);
  });

  it("in_flight_409 fault answers 409 without executing", async () => {
    const key = uniqueKey("f409");
    await emu.control("POST", "faults", { kind: "in_flight_409", match: { idempotencyKeyPrefix: key } });
    const before = await created();
    const err = await emu.stripe.paymentIntents.create(params, { idempotencyKey: key }).catch((e) => e);
    expect(err.statusCode).toBe(409);
    expect(err.code).toBe("idempotency_key_in_use");
    expect(await created()).toBe(before);
  });

  it("parallel identical requests create one PaymentIntent", async () => {
    const key = uniqueKey("storm");
    const before = await created();
    const client = emu.client({ maxNetworkRetries: 5 });
    const results = await Promise.all(Array.from({ length: 20 }, () => client.paymentIntents.create(params, { idempotencyKey: key })));
    expect(new Set(results.map((pi) => pi.id)).size).toBe(1);
    expect(await created()).toBe(before + 1);
  });
});

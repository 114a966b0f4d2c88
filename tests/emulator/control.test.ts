import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startEmulator, uniqueKey, type Running } from "./helpers.js";

let emu: Running;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe("control API", () => {
  it("health", async () => {
    expect(await emu.control("GET", "health")).toEqual({ ok: true });
  });

  it("counts requests per endpoint, PaymentIntents created, charges succeeded", async () => {
    await emu.control("POST", "reset");
    const pi = await emu.stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    await emu.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_chargeDeclined" }).catch(() => undefined);
    await emu.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    await emu.stripe.paymentIntents.retrieve(pi.id);
    const counters = await emu.control("GET", "counters");
    expect(counters).toMatchObject({
      requests: { "POST /v1/payment_intents": 1, "POST /v1/payment_intents/:id/confirm": 2, "GET /v1/payment_intents/:id": 1 },
      paymentIntentsCreated: 1,
      chargesSucceeded: 1,
      chargesFailed: 1,
      refundsCreated: 0,
      idempotentReplays: 0,
    });
  });

  it("reset clears objects, counters, faults and idempotency keys", async () => {
    const key = uniqueKey();
    const pi = await emu.stripe.paymentIntents.create({ amount: 1000, currency: "usd" }, { idempotencyKey: key });
    await emu.control("POST", "faults", { kind: "latency", latencyMs: 5, match: {} });
    await emu.control("POST", "reset");
    expect((await emu.control("GET", "faults")).data).toEqual([]);
    expect((await emu.control("GET", "counters")).paymentIntentsCreated).toBe(0);
    const err = await emu.stripe.paymentIntents.retrieve(pi.id).catch((e) => e);
    expect(err.code).toBe("resource_missing");
    const again = await emu.stripe.paymentIntents.create({ amount: 1000, currency: "usd" }, { idempotencyKey: key });
    expect(again.id).not.toBe(pi.id);
    expect((await emu.stripe.events.list()).data.map((e) => e.type)).toEqual(["payment_intent.created"]);
  });
});

describe("faults are scoped", () => {
  it("by metadata, on the request or on the PaymentIntent it addresses", async () => {
    await emu.control("POST", "faults", { kind: "error500", match: { metadata: { suite: "A" } } });
    const other = await emu.stripe.paymentIntents.create({ amount: 1000, currency: "usd", metadata: { suite: "B" } });
    expect(other.status).toBe("requires_payment_method");
    const failed = await emu.stripe.paymentIntents.create({ amount: 1000, currency: "usd", metadata: { suite: "A" } }).catch((e) => e);
    expect(failed).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(failed.statusCode).toBe(500);
    const pi = await emu.stripe.paymentIntents.create({ amount: 1000, currency: "usd", metadata: { suite: "A" } });
    // The confirm request carries no metadata: the fault matches the PaymentIntent's.
    await emu.control("POST", "faults", { kind: "error500", match: { metadata: { suite: "A" } } });
    await emu.stripe.paymentIntents.confirm(other.id, { payment_method: "pm_card_visa" });
    const confirm = await emu.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" }).catch((e) => e);
    expect(confirm.statusCode).toBe(500);
    expect((await emu.stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_payment_method");
    expect((await emu.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" })).status).toBe("succeeded");
    expect((await emu.control("GET", "faults")).data).toEqual([]);
  });

  it("by path and method, with a count", async () => {
    const { id } = await emu.control("POST", "faults", { kind: "rate_limit", count: 2, match: { path: "/v1/refunds", method: "POST" } });
    const listed = (await emu.control("GET", "faults")).data;
    expect(listed).toEqual([expect.objectContaining({ id, kind: "rate_limit", remaining: 2 })]);
    const pi = await emu.stripe.paymentIntents.create({ amount: 1000, currency: "usd", confirm: true, payment_method: "pm_card_visa" });
    const limited = [
      await emu.stripe.refunds.create({ payment_intent: pi.id, amount: 100 }).catch((e) => e),
      await emu.stripe.refunds.create({ payment_intent: pi.id, amount: 100 }).catch((e) => e),
    ];
    expect(limited.map((e) => e.statusCode)).toEqual([429, 429]);
    expect(limited[0]).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect((await emu.stripe.refunds.create({ payment_intent: pi.id, amount: 100 })).amount).toBe(100);
    expect((await emu.stripe.refunds.list({ payment_intent: pi.id })).data).toHaveLength(1);
  });

  it("a path prefix covers sub-paths; faults can be deleted", async () => {
    const { id } = await emu.control("POST", "faults", { kind: "error500", count: 5, match: { path: "/v1/payment_intents", method: "GET" } });
    const pi = await emu.stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    const err = await emu.stripe.paymentIntents.retrieve(pi.id).catch((e) => e);
    expect(err.statusCode).toBe(500);
    expect((await emu.control("DELETE", `faults/${id}`)).deleted).toBe(true);
    expect((await emu.stripe.paymentIntents.retrieve(pi.id)).id).toBe(pi.id);
    await emu.control("POST", "faults", { kind: "error500", match: {} });
    await emu.control("DELETE", "faults");
    expect((await emu.control("GET", "faults")).data).toEqual([]);
  });

  it("a global latency applies to every request until removed", async () => {
    const { id } = await emu.control("POST", "faults", { kind: "latency", latencyMs: 150, match: {} });
    const started = Date.now();
    await emu.stripe.paymentIntents.list({ limit: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await emu.control("DELETE", `faults/${id}`);
  });

  it("rejects malformed fault specifications", async () => {
    for (const spec of [
      { kind: "explode" },
      { kind: "latency" },
      { kind: "error500", count: 0 },
      { kind: "error500", match: { colour: "red" } },
      { kind: "error500", match: { metadata: { a: 1 } } },
    ]) {
      await expect(emu.control("POST", "faults", spec)).rejects.toThrow(/400/);
    }
    const res = await fetch(`${emu.url}/_emulator/faults`, { method: "POST", body: "{not json", headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(400);
    const unknown = await fetch(`${emu.url}/_emulator/nothing-here`);
    expect(unknown.status).toBe(404);
  });
});

describe("browser support", () => {
  it("answers CORS preflights and sets Access-Control-Allow-Origin", async () => {
    const preflight = await fetch(`${emu.url}/v1/payment_intents/pi_x/confirm`, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:3000", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, content-type, stripe-version, idempotency-key" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/idempotency-key/i);
    expect(preflight.headers.get("access-control-allow-methods")).toMatch(/POST/);
    const res = await fetch(`${emu.url}/_emulator/health`, { headers: { Origin: "http://localhost:3000" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("serves the Stripe.js stand-in at /js/stripe.js", async () => {
    const res = await fetch(`${emu.url}/js/stripe.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/javascript/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.text()).toContain("Stripe");
  });

  it("has a 3-D Secure page that redirects back to the return_url", async () => {
    const pi = await emu.stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      confirm: true,
      payment_method: "pm_card_authenticationRequired",
      return_url: "http://shop.test/return?order=1",
    });
    expect(pi.next_action?.redirect_to_url?.url).toContain(`/_emulator/3ds/${pi.id}`);
    const page = await fetch(`${emu.url}/_emulator/3ds/${pi.id}?client_secret=${pi.client_secret}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Complete");
    const answer = await fetch(`${emu.url}/_emulator/3ds/${pi.id}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_secret: pi.client_secret!, outcome: "complete", redirect: "true" }).toString(),
    });
    expect(answer.status).toBe(303);
    const location = new URL(answer.headers.get("location")!);
    expect(location.origin + location.pathname).toBe("http://shop.test/return");
    expect(location.searchParams.get("order")).toBe("1");
    expect(location.searchParams.get("redirect_status")).toBe("succeeded");
    expect(location.searchParams.get("payment_intent")).toBe(pi.id);
    expect((await emu.stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startEmulator, type Running } from "./helpers.js";

let emu: Running;
let stripe: Stripe;
let ids: string[]; // creation order
beforeAll(async () => {
  emu = await startEmulator();
  stripe = emu.stripe;
  ids = [];
  for (let i = 0; i < 25; i++) {
    const pi = await stripe.paymentIntents.create({
      amount: 1000 + i,
      currency: "usd",
      metadata: { batch: i % 2 === 0 ? "even" : "odd", index: String(i) },
      ...(i % 5 === 0 ? { confirm: true, payment_method: "pm_card_visa" } : {}),
    });
    ids.push(pi.id);
  }
});
afterAll(() => emu.close());

const newestFirst = () => [...ids].reverse();

describe("list pagination", () => {
  it("lists newest first, 10 by default, with has_more", async () => {
    const page = await stripe.paymentIntents.list();
    expect(page.object).toBe("list");
    expect(page.url).toBe("/v1/payment_intents");
    expect(page.data.map((p) => p.id)).toEqual(newestFirst().slice(0, 10));
    expect(page.has_more).toBe(true);
  });

  it("walks pages with starting_after and back with ending_before", async () => {
    const first = await stripe.paymentIntents.list({ limit: 10 });
    const second = await stripe.paymentIntents.list({ limit: 10, starting_after: first.data.at(-1)!.id });
    const third = await stripe.paymentIntents.list({ limit: 10, starting_after: second.data.at(-1)!.id });
    expect([...first.data, ...second.data, ...third.data].map((p) => p.id)).toEqual(newestFirst());
    expect(third.has_more).toBe(false);
    expect(third.data).toHaveLength(5);
    const back = await stripe.paymentIntents.list({ limit: 10, ending_before: second.data[0]!.id });
    expect(back.data.map((p) => p.id)).toEqual(first.data.map((p) => p.id));
  });

  it("auto-pagination in the SDK sees every PaymentIntent exactly once", async () => {
    const all = await stripe.paymentIntents.list({ limit: 7 }).autoPagingToArray({ limit: 1000 });
    expect(all.map((p) => p.id)).toEqual(newestFirst());
  });

  it("rejects bad limits and unknown cursors", async () => {
    for (const limit of [0, 101]) {
      const err = await stripe.paymentIntents.list({ limit }).catch((e) => e);
      expect(err.statusCode).toBe(400);
      expect(err.param).toBe("limit");
    }
    const cursor = await stripe.paymentIntents.list({ starting_after: "pi_unknown" }).catch((e) => e);
    expect(cursor.code).toBe("resource_missing");
    expect(cursor.param).toBe("starting_after");
  });
});

describe("search", () => {
  it("matches metadata['k']:'v' AND status:'x'", async () => {
    const result = await stripe.paymentIntents.search({ query: "metadata['batch']:'even' AND status:'succeeded'" });
    expect(result.object).toBe("search_result");
    const expected = ids.filter((_, i) => i % 2 === 0 && i % 5 === 0).reverse();
    expect(result.data.map((p) => p.id)).toEqual(expected);
    expect(result.data.every((p) => p.metadata.batch === "even" && p.status === "succeeded")).toBe(true);
  });

  it("pages with next_page, also through the SDK's auto-pagination", async () => {
    const query = "metadata[\"batch\"]:\"odd\"";
    const first = await stripe.paymentIntents.search({ query, limit: 5 });
    expect(first.has_more).toBe(true);
    expect(first.next_page).toBeTruthy();
    const second = await stripe.paymentIntents.search({ query, limit: 5, page: first.next_page! });
    expect(second.data.map((p) => p.id)).toEqual(ids.filter((_, i) => i % 2 === 1).reverse().slice(5, 10));
    const all = await stripe.paymentIntents.search({ query, limit: 4 }).autoPagingToArray({ limit: 1000 });
    expect(all.map((p) => p.id)).toEqual(ids.filter((_, i) => i % 2 === 1).reverse());
  });

  it("supports amount and exact metadata values", async () => {
    const result = await stripe.paymentIntents.search({ query: "amount:1007 AND metadata['index']:'7'" });
    expect(result.data.map((p) => p.id)).toEqual([ids[7]]);
    const none = await stripe.paymentIntents.search({ query: "metadata['index']:'700'" });
    expect(none.data).toEqual([]);
    expect(none.has_more).toBe(false);
    expect(none.next_page).toBeNull();
  });

  it("supports negated clauses", async () => {
    const result = await stripe.paymentIntents.search({ query: "metadata['batch']:'even' AND -status:'succeeded'", limit: 100 });
    expect(result.data.map((p) => p.id)).toEqual(ids.filter((_, i) => i % 2 === 0 && i % 5 !== 0).reverse());
  });

  it("rejects queries it does not understand", async () => {
    for (const query of ["", "status:'succeeded' OR status:'canceled'", "nonsense", "colour:'red'"]) {
      const err = await stripe.paymentIntents.search({ query }).catch((e) => e);
      expect(err.statusCode).toBe(400);
      expect(err.param).toBe("query");
    }
  });
});

describe("charges and events", () => {
  it("lists charges by payment_intent", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 3000, currency: "usd" });
    await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_chargeDeclined" }).catch(() => undefined);
    await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    const charges = await stripe.charges.list({ payment_intent: pi.id });
    expect(charges.data).toHaveLength(2);
    expect(charges.data.every((c) => c.payment_intent === pi.id)).toBe(true);
    expect(charges.data[0]!.status).toBe("succeeded");
    const all = await stripe.charges.list({ limit: 100 });
    expect(all.data.length).toBeGreaterThan(2);
  });

  it("lists and retrieves events, filtered by type, with pagination", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 3100, currency: "usd", confirm: true, payment_method: "pm_card_visa" }, { idempotencyKey: "events-key" });
    const events = await stripe.events.list({ limit: 3 });
    expect(events.data.map((e) => e.type)).toEqual(["payment_intent.succeeded", "charge.succeeded", "payment_intent.created"]);
    const succeeded = events.data[0]!;
    expect((succeeded.data.object as Stripe.PaymentIntent).id).toBe(pi.id);
    expect(succeeded.request).toEqual({ id: pi.lastResponse.requestId, idempotency_key: "events-key" });
    expect(succeeded.id).toMatch(/^evt_/);
    const retrieved = await stripe.events.retrieve(succeeded.id);
    const { lastResponse: _ignored, ...retrievedEvent } = retrieved;
    expect(retrievedEvent).toEqual(succeeded);
    const created = await stripe.events.list({ type: "payment_intent.created", limit: 100 });
    expect(created.data.every((e) => e.type === "payment_intent.created")).toBe(true);
    expect(created.data.length).toBeGreaterThanOrEqual(26);
    const wildcard = await stripe.events.list({ type: "charge.*", limit: 100 });
    expect(wildcard.data.length).toBeGreaterThan(0);
    expect(wildcard.data.every((e) => e.type.startsWith("charge."))).toBe(true);
    const several = await stripe.events.list({ types: ["charge.succeeded", "payment_intent.succeeded"], limit: 100 });
    expect(new Set(several.data.map((e) => e.type))).toEqual(new Set(["charge.succeeded", "payment_intent.succeeded"]));
    const all = await stripe.events.list({ limit: 20 }).autoPagingToArray({ limit: 10_000 });
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  it("an event's object is a snapshot from when it happened", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 3200, currency: "usd" });
    await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    const created = (await stripe.events.list({ type: "payment_intent.created", limit: 1 })).data[0]!;
    expect((created.data.object as Stripe.PaymentIntent).id).toBe(pi.id);
    expect((created.data.object as Stripe.PaymentIntent).status).toBe("requires_payment_method");
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startEmulator, startReceiver, waitFor, type Running } from "./helpers.js";

const SECRET = "whsec_emulator_test_secret";
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

let emu: Running;
let receiver: Receiver;
/** Per-test answer for the receiver: by default everything is accepted. */
let respond: (event: Stripe.Event) => number | "hang";

beforeAll(async () => {
  receiver = await startReceiver(SECRET, (event) => respond(event));
  emu = await startEmulator({ webhookEndpoints: [{ url: receiver.url, secret: SECRET }], webhookRetryDelaysMs: [20, 40, 80], webhookTimeoutMs: 300 });
});
afterAll(async () => {
  await emu.close();
  await receiver.close();
});
afterEach(async () => {
  await emu.control("POST", "webhooks/mode", { mode: "normal" });
  await emu.control("POST", "webhooks/release");
});

respond = () => 200;

/** Events for one PaymentIntent (tests share the receiver, so each filters by its own object). */
const eventsFor = (id: string) =>
  receiver.delivered().filter((e) => {
    const object = e.data.object as { id: string; payment_intent?: string };
    return object.id === id || object.payment_intent === id;
  });
const typesFor = (id: string) => eventsFor(id).map((e) => e.type);

async function paidIntent(extra: Partial<Stripe.PaymentIntentCreateParams> = {}) {
  return emu.stripe.paymentIntents.create({ amount: 2500, currency: "usd", confirm: true, payment_method: "pm_card_visa", ...extra });
}

describe("webhook delivery", () => {
  it("signs every event so stripe.webhooks.constructEvent accepts it", async () => {
    respond = () => 200;
    const pi = await paidIntent({ metadata: { orderId: "wh-1" } });
    const types = await waitFor(() => (typesFor(pi.id).length >= 3 ? typesFor(pi.id) : null), "three events");
    expect(types).toEqual(["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"]);
    const succeeded = eventsFor(pi.id).find((e) => e.type === "payment_intent.succeeded")!;
    expect((succeeded.data.object as Stripe.PaymentIntent).metadata.orderId).toBe("wh-1");
    expect(succeeded.pending_webhooks).toBe(1);
    // The same event is retrievable through the API.
    expect((await emu.stripe.events.retrieve(succeeded.id)).type).toBe("payment_intent.succeeded");
    expect(receiver.rejected).toEqual([]);
  });

  it("uses Stripe's signature scheme: a wrong secret or a tampered body fails verification", async () => {
    const pi = await paidIntent();
    await waitFor(() => eventsFor(pi.id).length >= 1, "an event");
    const delivery = receiver.received.find((r) => (r.event.data.object as { id: string }).id === pi.id)!;
    expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const verifier = new Stripe("sk_test_x");
    expect(() => verifier.webhooks.constructEvent(delivery.raw, delivery.signature, "whsec_wrong")).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => verifier.webhooks.constructEvent(delivery.raw.replace("2500", "2600"), delivery.signature, SECRET)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(verifier.webhooks.constructEvent(delivery.raw, delivery.signature, SECRET).id).toBe(delivery.event.id);
  });

  it("sends payment_failed, requires_action, canceled, refund.created and charge.refunded", async () => {
    const declined = await emu.stripe.paymentIntents
      .create({ amount: 2500, currency: "usd", confirm: true, payment_method: "pm_card_chargeDeclined" })
      .catch((e: Stripe.errors.StripeCardError) => e.payment_intent!);
    const threeDs = await emu.stripe.paymentIntents.create({ amount: 2500, currency: "usd", confirm: true, payment_method: "pm_card_authenticationRequired" });
    const canceled = await emu.stripe.paymentIntents.create({ amount: 2500, currency: "usd" });
    await emu.stripe.paymentIntents.cancel(canceled.id);
    const refunded = await paidIntent();
    const refund = await emu.stripe.refunds.create({ payment_intent: refunded.id, amount: 1000 });

    await waitFor(() => typesFor(declined.id).includes("payment_intent.payment_failed"), "payment_failed");
    await waitFor(() => typesFor(threeDs.id).includes("payment_intent.requires_action"), "requires_action");
    await waitFor(() => typesFor(canceled.id).includes("payment_intent.canceled"), "canceled");
    await waitFor(() => typesFor(refunded.id).includes("charge.refunded"), "charge.refunded");
    await waitFor(() => receiver.delivered().some((e) => e.type === "refund.created" && (e.data.object as Stripe.Refund).id === refund.id), "refund.created");
    const chargeRefunded = eventsFor(refunded.id).find((e) => e.type === "charge.refunded")!;
    expect((chargeRefunded.data.object as Stripe.Charge).amount_refunded).toBe(1000);
    expect(chargeRefunded.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });
  });

  it("retries a non-2xx answer until it is accepted", async () => {
    const attempts = new Map<string, number>();
    const pi = await emu.stripe.paymentIntents.create({ amount: 2500, currency: "usd", metadata: { retry: "yes" } });
    respond = (event) => {
      if (event.type !== "payment_intent.succeeded" || (event.data.object as { id: string }).id !== pi.id) return 200;
      const n = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, n);
      return n < 3 ? 500 : 200;
    };
    await emu.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    const succeeded = await waitFor(() => eventsFor(pi.id).find((e) => e.type === "payment_intent.succeeded"), "delivery after retries");
    expect(attempts.get(succeeded.id)).toBe(3);
    const log = (await emu.control("GET", `webhooks/deliveries?eventId=${succeeded.id}`)).data as { attempt: number; status: number; outcome: string }[];
    expect(log.map((d) => [d.attempt, d.status, d.outcome])).toEqual([
      [1, 500, "retrying"],
      [2, 500, "retrying"],
      [3, 200, "delivered"],
    ]);
    respond = () => 200;
  });

  it("retries after a timeout, and gives up after the last retry", async () => {
    const pi = await emu.stripe.paymentIntents.create({ amount: 2500, currency: "usd" });
    let calls = 0;
    respond = (event) => {
      if (event.type !== "payment_intent.canceled" || (event.data.object as { id: string }).id !== pi.id) return 200;
      calls++;
      return calls === 1 ? "hang" : 503;
    };
    await emu.stripe.paymentIntents.cancel(pi.id);
    const canceledEvent = (await emu.stripe.events.list({ type: "payment_intent.canceled", limit: 1 })).data[0]!;
    const log = await waitFor(async () => {
      const data = (await emu.control("GET", `webhooks/deliveries?eventId=${canceledEvent.id}`)).data as { attempt: number; status: number | null; error: string | null; outcome: string }[];
      return data.some((d) => d.outcome === "failed") ? data : null;
    }, "delivery to give up");
    expect(log).toHaveLength(4); // first attempt + 3 retries
    expect(log[0]).toMatchObject({ attempt: 1, status: null, outcome: "retrying" });
    expect(log[0]!.error).toMatch(/timed out/);
    expect(log.slice(1).map((d) => d.status)).toEqual([503, 503, 503]);
    respond = () => 200;
  });
});

describe("delivery modes", () => {
  it("duplicate: every event arrives twice", async () => {
    await emu.control("POST", "webhooks/mode", { mode: "duplicate" });
    const pi = await emu.stripe.paymentIntents.create({ amount: 2500, currency: "usd" });
    const events = await waitFor(() => (eventsFor(pi.id).length >= 2 ? eventsFor(pi.id) : null), "two deliveries");
    expect(events.map((e) => e.type)).toEqual(["payment_intent.created", "payment_intent.created"]);
    expect(events[0]!.id).toBe(events[1]!.id);
  });

  it("hold: nothing arrives until release, then everything in order", async () => {
    await emu.control("POST", "webhooks/mode", { mode: "hold" });
    const pi = await paidIntent();
    const before = await emu.control("GET", "webhooks/deliveries");
    expect(before.held).toBe(3);
    expect(eventsFor(pi.id)).toEqual([]);
    expect((await emu.control("POST", "webhooks/release")).released).toBe(3);
    const types = await waitFor(() => (typesFor(pi.id).length >= 3 ? typesFor(pi.id) : null), "released events");
    expect(types).toEqual(["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"]);
  });

  it("reverse: released events arrive newest first", async () => {
    await emu.control("POST", "webhooks/mode", { mode: "reverse" });
    const pi = await paidIntent();
    expect(eventsFor(pi.id)).toEqual([]);
    await emu.control("POST", "webhooks/release");
    const types = await waitFor(() => (typesFor(pi.id).length >= 3 ? typesFor(pi.id) : null), "released events");
    expect(types).toEqual(["payment_intent.succeeded", "charge.succeeded", "payment_intent.created"]);
  });

  it("rejects an unknown mode", async () => {
    await expect(emu.control("POST", "webhooks/mode", { mode: "sideways" })).rejects.toThrow(/400/);
  });
});

describe("webhook endpoints API", () => {
  it("creates an endpoint with its own secret, filters by enabled_events, and stops after delete", async () => {
    const own = await startReceiver("placeholder");
    try {
      const endpoint = await emu.stripe.webhookEndpoints.create({ url: own.url, enabled_events: ["payment_intent.succeeded"] });
      expect(endpoint.id).toMatch(/^we_/);
      expect(endpoint.secret).toMatch(/^whsec_/);
      const second = await startReceiver(endpoint.secret!);
      await emu.stripe.webhookEndpoints.update(endpoint.id, { url: second.url });
      const listed = await emu.stripe.webhookEndpoints.list();
      expect(listed.data.map((e) => e.id)).toContain(endpoint.id);
      expect(listed.data.every((e) => e.secret === undefined)).toBe(true);

      const pi = await paidIntent();
      await waitFor(() => second.delivered().some((e) => (e.data.object as { id: string }).id === pi.id), "filtered delivery");
      expect(second.delivered().map((e) => e.type)).toEqual(["payment_intent.succeeded"]);
      expect(second.rejected).toEqual([]);

      const deleted = await emu.stripe.webhookEndpoints.del(endpoint.id);
      expect(deleted.deleted).toBe(true);
      const after = await paidIntent();
      await waitFor(() => eventsFor(after.id).length >= 3, "the configured endpoint still receives");
      expect(second.delivered()).toHaveLength(1);
      await second.close();
    } finally {
      await own.close();
    }
  });

  it("validates endpoint parameters", async () => {
    const err = await emu.stripe.webhookEndpoints.create({ url: "ftp://nope", enabled_events: ["*"] }).catch((e) => e);
    expect(err.param).toBe("url");
    const missing = await emu.stripe.webhookEndpoints.create({ url: "http://127.0.0.1:1/x" } as Stripe.WebhookEndpointCreateParams).catch((e) => e);
    expect(missing.code).toBe("parameter_missing");
  });
});

describe("processing events (optional)", () => {
  it("emits payment_intent.processing before succeeded when asked to", async () => {
    const own = await startReceiver(SECRET);
    const emu2 = await startEmulator({ webhookEndpoints: [{ url: own.url, secret: SECRET }], emitProcessingEvents: true });
    try {
      const pi = await emu2.stripe.paymentIntents.create({ amount: 2500, currency: "usd", confirm: true, payment_method: "pm_card_visa" });
      const types = await waitFor(() => (own.delivered().length >= 4 ? own.delivered().map((e) => e.type) : null), "four events");
      expect(types).toEqual(["payment_intent.created", "payment_intent.processing", "charge.succeeded", "payment_intent.succeeded"]);
      expect(pi.status).toBe("succeeded");
    } finally {
      await emu2.close();
      await own.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startEmulator, type Running } from "./helpers.js";

let emu: Running;
let stripe: Stripe;
beforeAll(async () => {
  emu = await startEmulator();
  stripe = emu.stripe;
});
afterAll(() => emu.close());

const paid = (amount = 5000, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  stripe.paymentIntents.create({ amount, currency: "usd", confirm: true, payment_method: "pm_card_visa", ...extra });

describe("refunds", () => {
  it("refunds the whole charge by default; a second refund is charge_already_refunded", async () => {
    const pi = await paid();
    const refund = await stripe.refunds.create({ payment_intent: pi.id, reason: "requested_by_customer", metadata: { why: "test" } });
    expect(refund).toMatchObject({ object: "refund", amount: 5000, currency: "usd", status: "succeeded", payment_intent: pi.id, charge: pi.latest_charge, reason: "requested_by_customer", metadata: { why: "test" } });
    expect(refund.id).toMatch(/^re_[A-Za-z0-9]{24}$/);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 5000, refunded: true });
    const again = await stripe.refunds.create({ payment_intent: pi.id, amount: 1 }).catch((e) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again.code).toBe("charge_already_refunded");
  });

  it("partial refunds add up to, and never above, the captured amount", async () => {
    const pi = await paid(5000);
    await stripe.refunds.create({ payment_intent: pi.id, amount: 2000 });
    await stripe.refunds.create({ charge: pi.latest_charge as string, amount: 2500 });
    const over = await stripe.refunds.create({ payment_intent: pi.id, amount: 501 }).catch((e) => e);
    expect(over.statusCode).toBe(400);
    expect(over.code).toBe("amount_too_large");
    expect(over.param).toBe("amount");
    expect(over.message).toContain("$5.01");
    expect(over.message).toContain("$5.00");
    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(500);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 5000, refunded: true });
    const list = await stripe.refunds.list({ payment_intent: pi.id });
    expect(list.data.map((r) => r.amount)).toEqual([500, 2500, 2000]);
    expect((await stripe.refunds.retrieve(rest.id)).amount).toBe(500);
  });

  it("refunds of a partial capture are limited to what was captured", async () => {
    const pi = await paid(5000, { capture_method: "manual" });
    const uncaptured = await stripe.refunds.create({ payment_intent: pi.id }).catch((e) => e);
    expect(uncaptured.statusCode).toBe(400);
    await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 3000 });
    const over = await stripe.refunds.create({ payment_intent: pi.id, amount: 3001 }).catch((e) => e);
    expect(over.code).toBe("amount_too_large");
    expect((await stripe.refunds.create({ payment_intent: pi.id })).amount).toBe(3000);
  });

  it("refuses PaymentIntents without a successful charge, and bad parameters", async () => {
    const open = await stripe.paymentIntents.create({ amount: 5000, currency: "usd" });
    const noCharge = await stripe.refunds.create({ payment_intent: open.id }).catch((e) => e);
    expect(noCharge.statusCode).toBe(400);
    expect(noCharge.param).toBe("payment_intent");
    const missing = await stripe.refunds.create({}).catch((e) => e);
    expect(missing.code).toBe("parameter_missing");
    const unknown = await stripe.refunds.create({ payment_intent: "pi_missing" }).catch((e) => e);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.code).toBe("resource_missing");
    const pi = await paid();
    const zero = await stripe.refunds.create({ payment_intent: pi.id, amount: 0 }).catch((e) => e);
    expect(zero.code).toBe("parameter_invalid_integer");
    const reason = await stripe.refunds.create({ payment_intent: pi.id, reason: "because" as "duplicate" }).catch((e) => e);
    expect(reason.param).toBe("reason");
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded).toBe(0);
  });

  it("counts refunds", async () => {
    const before = (await emu.control("GET", "counters")).refundsCreated as number;
    const pi = await paid();
    await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
    expect((await emu.control("GET", "counters")).refundsCreated).toBe(before + 1);
  });
});

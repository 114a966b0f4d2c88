import { cardBrand, cardOutcome, luhnValid, PAYMENT_METHOD_TOKENS } from "./cards.js";
import { checkAmount, formatAmount } from "./currencies.js";
import { ApiError, invalidRequest, resourceMissing } from "./http/errors.js";
import type { Metadata } from "./http/params.js";
import { newId, nowSeconds, randomAlphanumeric } from "./ids.js";
import type { EventLog, EventSource } from "./events.js";
import type { Charge, LastPaymentError, PaymentIntent, PaymentIntentStatus, PaymentMethod, Refund } from "./models.js";
import type { State } from "./state.js";

/**
 * The payment state machine: PaymentIntent confirmation with test cards, 3-D Secure,
 * capture, cancel and refunds, with the events Stripe sends for each step.
 */
export interface CardInput {
  number: string;
  exp_month?: number;
  exp_year?: number;
  cvc?: string;
}

export interface NewPaymentIntent {
  amount: number;
  currency: string;
  metadata: Metadata;
  description: string | null;
  customer: string | null;
  receiptEmail: string | null;
  captureMethod: PaymentIntent["capture_method"];
  confirmationMethod: PaymentIntent["confirmation_method"];
  paymentMethodTypes: string[] | null;
  automaticPaymentMethods: PaymentIntent["automatic_payment_methods"];
  setupFutureUsage: string | null;
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
  transferGroup: string | null;
}

/** A confirmation that ended in a decline: the 402 `card_error` a caller receives. */
export interface Declined {
  error: LastPaymentError;
}

export interface RefundInput {
  paymentIntent?: string;
  charge?: string;
  amount?: number;
  reason: string | null;
  metadata: Metadata;
}

const CONFIRMABLE: PaymentIntentStatus[] = ["requires_payment_method", "requires_confirmation", "requires_action"];
const CANCELABLE: PaymentIntentStatus[] = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"];

export class Payments {
  constructor(
    private readonly state: State,
    private readonly events: EventLog,
    /** Card payments on Stripe skip `processing`; this inserts it so apps can test that branch. */
    private readonly emitProcessing: boolean,
  ) {}

  createPaymentIntent(input: NewPaymentIntent, source: EventSource): PaymentIntent {
    checkAmount(input.amount, input.currency);
    const id = newId("pi");
    const pi: PaymentIntent = {
      id,
      object: "payment_intent",
      amount: input.amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: input.paymentMethodTypes ? input.automaticPaymentMethods : (input.automaticPaymentMethods ?? { allow_redirects: "always", enabled: true }),
      canceled_at: null,
      cancellation_reason: null,
      capture_method: input.captureMethod,
      client_secret: `${id}_secret_${randomAlphanumeric(25)}`,
      confirmation_method: input.confirmationMethod,
      created: nowSeconds(),
      currency: input.currency,
      customer: input.customer,
      description: input.description,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: input.metadata,
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" } },
      payment_method_types: input.paymentMethodTypes ?? ["card"],
      processing: null,
      receipt_email: input.receiptEmail,
      review: null,
      setup_future_usage: input.setupFutureUsage,
      shipping: null,
      source: null,
      statement_descriptor: input.statementDescriptor,
      statement_descriptor_suffix: input.statementDescriptorSuffix,
      status: "requires_payment_method",
      transfer_data: null,
      transfer_group: input.transferGroup,
    };
    this.state.paymentIntents.add(pi);
    this.state.counters.paymentIntentsCreated++;
    this.state.changed();
    this.events.emit("payment_intent.created", pi, source);
    return pi;
  }

  getPaymentIntent(id: string, param = "id"): PaymentIntent {
    const pi = this.state.paymentIntents.get(id);
    if (!pi) throw resourceMissing("payment_intent", id, param);
    return pi;
  }

  /** A saved PaymentMethod, or a fresh one for a `pm_card_*` test token (as Stripe clones it). */
  paymentMethodFromId(id: string): PaymentMethod {
    const number = PAYMENT_METHOD_TOKENS[id];
    if (number) return this.createPaymentMethod({ number, exp_month: 12, exp_year: new Date().getFullYear() + 5, cvc: "123" }, {});
    const saved = this.state.paymentMethods.get(id);
    if (!saved) throw resourceMissing("PaymentMethod", id, "payment_method");
    return saved;
  }

  /** `payment_method_data[card]`: validates like Stripe's card checks (402 card_error). */
  createPaymentMethod(card: CardInput, billingDetails: Record<string, unknown>): PaymentMethod {
    const number = card.number.replace(/[\s-]/g, "");
    if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) throw cardError("incorrect_number", "Your card number is incorrect.", "number");
    const now = new Date();
    const expMonth = card.exp_month ?? 12;
    const expYear = card.exp_year !== undefined && card.exp_year < 100 ? 2000 + card.exp_year : (card.exp_year ?? now.getFullYear() + 5);
    if (expMonth < 1 || expMonth > 12) throw cardError("invalid_expiry_month", "Your card's expiration month is invalid.", "exp_month");
    if (expYear < now.getFullYear() || (expYear === now.getFullYear() && expMonth < now.getMonth() + 1)) {
      throw cardError("invalid_expiry_year", "Your card's expiration year is invalid.", "exp_year");
    }
    if (card.cvc !== undefined && !/^\d{3,4}$/.test(card.cvc)) throw cardError("invalid_cvc", "Your card's security code is invalid.", "cvc");
    const pm: PaymentMethod = {
      id: newId("pm"),
      object: "payment_method",
      billing_details: { address: null, email: null, name: null, phone: null, ...billingDetails },
      card: {
        brand: cardBrand(number),
        country: "US",
        exp_month: expMonth,
        exp_year: expYear,
        fingerprint: randomAlphanumeric(16),
        funding: "credit",
        last4: number.slice(-4),
      },
      created: nowSeconds(),
      customer: null,
      livemode: false,
      metadata: {},
      type: "card",
    };
    // The number itself is never stored (nor returned); keep what decides the outcome privately.
    this.state.cardNumbers.set(pm.id, number);
    this.state.paymentMethods.add(pm);
    return pm;
  }

  /**
   * Confirms with `paymentMethod` (or the one already attached). Returns a decline, which
   * the caller turns into a 402 after the PaymentIntent has already been updated.
   */
  confirm(pi: PaymentIntent, paymentMethod: PaymentMethod | null, baseUrl: string, returnUrl: string | null, source: EventSource): Declined | null {
    this.assertConfirmable(pi);
    const pm = paymentMethod ?? (pi.payment_method ? this.state.paymentMethods.get(pi.payment_method) ?? null : null);
    if (!pm) {
      throw unexpectedState(
        pi,
        "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      );
    }
    pi.payment_method = pm.id;
    pi.last_payment_error = null;
    pi.next_action = null;
    const outcome = cardOutcome(this.state.cardNumbers.get(pm.id) ?? "");
    if (outcome.kind === "authenticate") {
      pi.status = "requires_action";
      const challengeUrl = `${baseUrl}/_emulator/3ds/${pi.id}`;
      pi.next_action = returnUrl
        ? { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: challengeUrl, source: pm.id }, redirect_to_url: { url: challengeUrl, return_url: returnUrl } }
        : { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: challengeUrl, source: pm.id } };
      this.state.changed();
      this.events.emit("payment_intent.requires_action", pi, source);
      return null;
    }
    if (outcome.kind === "decline") {
      const charge = this.createCharge(pi, pm, { code: outcome.code, declineCode: outcome.declineCode, message: outcome.message });
      const error: LastPaymentError = { type: "card_error", code: outcome.code, message: outcome.message, charge: charge.id, payment_method: pm };
      if (outcome.declineCode) error.decline_code = outcome.declineCode;
      this.fail(pi, error, source);
      this.events.emit("charge.failed", charge, source);
      return { error };
    }
    this.succeed(pi, pm, source);
    return null;
  }

  /** The 3-D Secure challenge's answer (the emulator's stand-in for the bank's page). */
  authenticate(pi: PaymentIntent, outcome: "complete" | "fail", source: EventSource | null): void {
    if (pi.status !== "requires_action") {
      throw unexpectedState(pi, `This PaymentIntent has a status of ${pi.status}; only a PaymentIntent that requires_action can be authenticated.`);
    }
    const pm = pi.payment_method ? this.state.paymentMethods.get(pi.payment_method) : undefined;
    pi.next_action = null;
    if (outcome === "complete" && pm) {
      this.succeed(pi, pm, source);
      return;
    }
    this.fail(
      pi,
      {
        type: "invalid_request_error",
        code: "payment_intent_authentication_failure",
        message: "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
        ...(pm ? { payment_method: pm } : {}),
      },
      source,
    );
  }

  capture(pi: PaymentIntent, amountToCapture: number | undefined, source: EventSource): void {
    if (pi.status !== "requires_capture") {
      throw unexpectedState(
        pi,
        `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      );
    }
    const amount = amountToCapture ?? pi.amount_capturable;
    if (amount > pi.amount_capturable) {
      throw invalidRequest("The amount_to_capture must be less than or equal to the amount_capturable.", { code: "amount_too_large", param: "amount_to_capture" });
    }
    const charge = this.state.charges.get(pi.latest_charge!)!;
    charge.captured = true;
    charge.amount_captured = amount;
    pi.amount_received = amount;
    pi.amount_capturable = 0;
    pi.status = "succeeded";
    this.state.changed();
    this.events.emit("charge.captured", charge, source);
    this.events.emit("payment_intent.succeeded", pi, source);
  }

  cancel(pi: PaymentIntent, reason: string | null, source: EventSource): void {
    if (!CANCELABLE.includes(pi.status)) {
      throw unexpectedState(
        pi,
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(", ")}.`,
      );
    }
    if (pi.status === "requires_capture" && pi.latest_charge) {
      // Cancelling releases the authorization: Stripe shows the uncaptured charge as refunded.
      const charge = this.state.charges.get(pi.latest_charge)!;
      charge.amount_refunded = charge.amount;
      charge.refunded = true;
      this.events.emit("charge.refunded", charge, source, { amount_refunded: 0, refunded: false });
    }
    pi.status = "canceled";
    pi.canceled_at = nowSeconds();
    pi.cancellation_reason = reason;
    pi.amount_capturable = 0;
    pi.next_action = null;
    this.state.changed();
    this.events.emit("payment_intent.canceled", pi, source);
  }

  refund(input: RefundInput, source: EventSource): Refund {
    const charge = this.refundableCharge(input);
    const remaining = charge.amount_captured - charge.amount_refunded;
    if (remaining <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: "charge_already_refunded" });
    const amount = input.amount ?? remaining;
    if (amount > remaining) {
      throw invalidRequest(
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
        { code: "amount_too_large", param: "amount" },
      );
    }
    const refund: Refund = {
      id: newId("re"),
      object: "refund",
      amount,
      balance_transaction: `txn_${randomAlphanumeric(24)}`,
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      metadata: input.metadata,
      payment_intent: charge.payment_intent,
      reason: input.reason,
      receipt_number: null,
      status: "succeeded",
    };
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount_captured;
    this.state.refunds.add(refund);
    this.state.counters.refundsCreated++;
    this.state.changed();
    this.events.emit("refund.created", refund, source);
    this.events.emit("charge.refunded", charge, source, previous);
    return refund;
  }

  private refundableCharge(input: RefundInput): Charge {
    if (input.charge === undefined && input.paymentIntent === undefined) {
      throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.", { code: "parameter_missing" });
    }
    let charge: Charge | undefined;
    if (input.charge !== undefined) {
      charge = this.state.charges.get(input.charge);
      if (!charge) throw resourceMissing("charge", input.charge, "charge");
      if (input.paymentIntent !== undefined && charge.payment_intent !== input.paymentIntent) {
        throw invalidRequest(`Charge ${charge.id} does not belong to PaymentIntent ${input.paymentIntent}.`, { param: "payment_intent" });
      }
    } else {
      const pi = this.getPaymentIntent(input.paymentIntent!, "payment_intent");
      charge = pi.latest_charge ? this.state.charges.get(pi.latest_charge) : undefined;
      if (!charge || charge.status !== "succeeded") {
        throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { param: "payment_intent" });
      }
    }
    if (charge.status !== "succeeded") throw invalidRequest(`Charge ${charge.id} did not succeed, so it cannot be refunded.`, { param: "charge" });
    if (!charge.captured) {
      throw invalidRequest(`Charge ${charge.id} has not been captured. Cancel its PaymentIntent to release the authorization instead.`, { param: "charge" });
    }
    return charge;
  }

  private assertConfirmable(pi: PaymentIntent): void {
    if (CONFIRMABLE.includes(pi.status)) return;
    const message =
      pi.status === "succeeded"
        ? "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed."
        : `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${CONFIRMABLE.join(", ")}.`;
    throw unexpectedState(pi, message);
  }

  private succeed(pi: PaymentIntent, pm: PaymentMethod, source: EventSource | null): void {
    const manual = pi.capture_method === "manual";
    const charge = this.createCharge(pi, pm, null, !manual);
    this.state.counters.chargesSucceeded++;
    if (manual) {
      pi.status = "requires_capture";
      pi.amount_capturable = pi.amount;
      this.state.changed();
      this.events.emit("charge.succeeded", charge, source);
      this.events.emit("payment_intent.amount_capturable_updated", pi, source);
      return;
    }
    if (this.emitProcessing) {
      pi.status = "processing";
      this.events.emit("payment_intent.processing", pi, source);
    }
    pi.status = "succeeded";
    pi.amount_received = pi.amount;
    this.state.changed();
    this.events.emit("charge.succeeded", charge, source);
    this.events.emit("payment_intent.succeeded", pi, source);
  }

  private fail(pi: PaymentIntent, error: LastPaymentError, source: EventSource | null): void {
    pi.status = "requires_payment_method";
    pi.last_payment_error = error;
    pi.payment_method = null; // a failed PaymentMethod is detached, as on Stripe
    this.state.changed();
    this.events.emit("payment_intent.payment_failed", pi, source);
  }

  private createCharge(
    pi: PaymentIntent,
    pm: PaymentMethod,
    failure: { code: string; declineCode?: string; message: string } | null,
    captured = true,
  ): Charge {
    const succeeded = failure === null;
    const charge: Charge = {
      id: newId("ch"),
      object: "charge",
      amount: pi.amount,
      amount_captured: succeeded && captured ? pi.amount : 0,
      amount_refunded: 0,
      balance_transaction: succeeded ? `txn_${randomAlphanumeric(24)}` : null,
      billing_details: pm.billing_details,
      calculated_statement_descriptor: pi.statement_descriptor ?? "CHARGEONCE",
      captured: succeeded && captured,
      created: nowSeconds(),
      currency: pi.currency,
      customer: pi.customer,
      description: pi.description,
      disputed: false,
      failure_code: failure?.code ?? null,
      failure_message: failure?.message ?? null,
      livemode: false,
      metadata: { ...pi.metadata },
      outcome: succeeded
        ? { network_status: "approved_by_network", reason: null, risk_level: "normal", seller_message: "Payment complete.", type: "authorized" }
        : { network_status: "declined_by_network", reason: failure.declineCode ?? failure.code, risk_level: "normal", seller_message: "The bank did not return any further details with this decline.", type: "issuer_declined" },
      paid: succeeded,
      payment_intent: pi.id,
      payment_method: pm.id,
      payment_method_details: {
        type: "card",
        card: { ...pm.card, network: pm.card.brand, three_d_secure: null, checks: { cvc_check: "pass", address_line1_check: null, address_postal_code_check: null } },
      },
      receipt_url: `https://pay.stripe.com/receipts/emulator/${pi.id}`,
      refunded: false,
      status: succeeded ? "succeeded" : "failed",
    };
    this.state.charges.add(charge);
    pi.latest_charge = charge.id;
    if (!succeeded) this.state.counters.chargesFailed++;
    return charge;
  }
}

function cardError(code: string, message: string, param: string): ApiError {
  return new ApiError(402, { type: "card_error", code, message, param });
}

function unexpectedState(pi: PaymentIntent, message: string): ApiError {
  return invalidRequest(message, { code: "payment_intent_unexpected_state", payment_intent: pi });
}

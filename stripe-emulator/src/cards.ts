/**
 * Stripe's documented test cards (https://docs.stripe.com/testing) and the `pm_card_*`
 * payment-method tokens, with the outcome each one produces when a payment is confirmed.
 */
export type CardOutcome =
  | { kind: "success" }
  | { kind: "decline"; code: string; declineCode?: string; message: string }
  | { kind: "authenticate" };

const DECLINED = "Your card was declined.";

const OUTCOMES: Record<string, CardOutcome> = {
  "4000000000000002": { kind: "decline", code: "card_declined", declineCode: "generic_decline", message: DECLINED },
  "4000000000009995": { kind: "decline", code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." },
  "4000000000009987": { kind: "decline", code: "card_declined", declineCode: "lost_card", message: DECLINED },
  "4000000000009979": { kind: "decline", code: "card_declined", declineCode: "stolen_card", message: DECLINED },
  "4000000000000069": { kind: "decline", code: "expired_card", declineCode: "expired_card", message: "Your card has expired." },
  "4000000000000127": { kind: "decline", code: "incorrect_cvc", declineCode: "incorrect_cvc", message: "Your card's security code is incorrect." },
  "4000000000000119": { kind: "decline", code: "processing_error", declineCode: "processing_error", message: "An error occurred while processing your card. Try again in a little bit." },
  "4000002500003155": { kind: "authenticate" },
  "4000002760003184": { kind: "authenticate" },
  "4000000000003220": { kind: "authenticate" },
  "4000000000003063": { kind: "authenticate" },
};

/** Test cards that succeed (other Luhn-valid numbers are treated as live cards and declined). */
const SUCCEEDING = new Set([
  "4242424242424242",
  "4000056655665556",
  "5555555555554444",
  "2223003122003222",
  "5200828282828210",
  "378282246310005",
  "371449635398431",
  "6011111111111117",
  "3056930009020004",
  "3566002020360505",
  "6200000000000005",
]);

export const PAYMENT_METHOD_TOKENS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_visa_debit: "4000056655665556",
  pm_card_mastercard: "5555555555554444",
  pm_card_amex: "378282246310005",
  pm_card_discover: "6011111111111117",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_visa_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_visa_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_chargeDeclinedLostCard: "4000000000009987",
  pm_card_visa_chargeDeclinedLostCard: "4000000000009987",
  pm_card_chargeDeclinedStolenCard: "4000000000009979",
  pm_card_visa_chargeDeclinedStolenCard: "4000000000009979",
  pm_card_chargeDeclinedExpiredCard: "4000000000000069",
  pm_card_visa_chargeDeclinedExpiredCard: "4000000000000069",
  pm_card_chargeDeclinedIncorrectCvc: "4000000000000127",
  pm_card_visa_chargeDeclinedIncorrectCvc: "4000000000000127",
  pm_card_chargeDeclinedProcessingError: "4000000000000119",
  pm_card_visa_chargeDeclinedProcessingError: "4000000000000119",
  pm_card_authenticationRequired: "4000002760003184",
  pm_card_threeDSecure2Required: "4000000000003220",
  pm_card_threeDSecureRequired: "4000000000003063",
};

export function cardOutcome(number: string): CardOutcome {
  const known = OUTCOMES[number];
  if (known) return known;
  if (SUCCEEDING.has(number)) return { kind: "success" };
  return {
    kind: "decline",
    code: "card_declined",
    declineCode: "test_mode_live_card",
    message: "Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.",
  };
}

export function cardBrand(number: string): string {
  if (number.startsWith("4")) return "visa";
  if (/^(5[1-5]|2[2-7])/.test(number)) return "mastercard";
  if (/^3[47]/.test(number)) return "amex";
  if (/^(6011|65|64[4-9]|622)/.test(number)) return "discover";
  if (/^3(0[0-5]|[689])/.test(number)) return "diners";
  if (/^35/.test(number)) return "jcb";
  if (/^62/.test(number)) return "unionpay";
  return "unknown";
}

export function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = number.charCodeAt(number.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return number.length >= 12 && sum % 10 === 0;
}

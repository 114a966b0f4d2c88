import { invalidRequest } from "./http/errors.js";

/** Minimum charge amounts in the currency's smallest unit (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). */
const MINIMUMS: Record<string, number> = {
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50,
  gbp: 30, hkd: 400, huf: 17500, inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50,
  pln: 200, ron: 200, sek: 300, sgd: 50, thb: 1000,
};

/** Other settlement-less presentment currencies we accept, with Stripe's $0.50-equivalent left unchecked. */
const OTHER = ["ars", "clp", "cny", "cop", "egp", "idr", "ils", "isk", "krw", "kes", "ngn", "php", "pkr", "qar", "rub", "sar", "try", "twd", "uah", "vnd", "zar"];

const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);
const SYMBOLS: Record<string, string> = { usd: "$", eur: "€", gbp: "£", jpy: "¥", aud: "$", cad: "$", nzd: "$", sgd: "$", hkd: "$" };

export const MAX_AMOUNT = 99_999_999;

export function parseCurrency(value: string, param = "currency"): string {
  const currency = value.toLowerCase();
  if (!(currency in MINIMUMS) && !OTHER.includes(currency) && !ZERO_DECIMAL.has(currency)) {
    throw invalidRequest(`Invalid currency: ${value}. Stripe currently supports these currencies: ${[...Object.keys(MINIMUMS), ...OTHER].join(", ")}`, { param });
  }
  return currency;
}

/** Stripe refuses charges under the currency's minimum and over eight digits. */
export function checkAmount(amount: number, currency: string, param = "amount"): void {
  const minimum = MINIMUMS[currency] ?? 1;
  if (amount < minimum) {
    throw invalidRequest(`Amount must be at least ${formatAmount(minimum, currency)} ${currency}`, { code: "amount_too_small", param });
  }
  if (amount > MAX_AMOUNT) {
    throw invalidRequest(`Amount must be no more than ${formatAmount(MAX_AMOUNT, currency)} ${currency}`, { code: "amount_too_large", param });
  }
}

export function formatAmount(amount: number, currency: string): string {
  const symbol = SYMBOLS[currency] ?? "";
  return ZERO_DECIMAL.has(currency) ? `${symbol}${amount}` : `${symbol}${(amount / 100).toFixed(2)}`;
}

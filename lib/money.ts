/** Formats minor units for people: 1800 usd → "$18.00". */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(amount / 10 ** minorDigits(currency));
}

/** Reads an amount a person typed ("12.5", "12.50") as minor units, or null if it is not one. */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const match = (digits ? /^(\d{1,9})(?:\.(\d{1,2}))?$/ : /^(\d{1,9})$/).exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? "").padEnd(digits, "0") || 0);
}

function minorDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency.toLowerCase()) ? 0 : 2;
}

const ZERO_DECIMAL = new Set(["jpy", "krw", "vnd", "clp", "isk", "ugx", "xaf", "xof"]);

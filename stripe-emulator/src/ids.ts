import { randomBytes } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// Ids are minted on the hot path (several per request), so random bytes are drawn in
// batches instead of one syscall per id. 248 = 4 * 62: rejecting bytes >= 248 keeps the
// alphabet unbiased.
let pool = randomBytes(4096);
let cursor = 0;

function nextByte(): number {
  if (cursor >= pool.length) {
    pool = randomBytes(4096);
    cursor = 0;
  }
  return pool[cursor++]!;
}

export function randomAlphanumeric(length: number): string {
  let out = "";
  while (out.length < length) {
    const byte = nextByte();
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

/** Stripe-shaped id: `pi_` + 24 random alphanumerics. */
export function newId(prefix: string): string {
  return `${prefix}_${randomAlphanumeric(24)}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

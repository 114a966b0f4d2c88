import crypto from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A prefixed id with ~143 bits of randomness: unguessable, so an order id is no key to anything. */
export function randomId(prefix: string, length = 24): string {
  const bytes = crypto.randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % 62]; // 256 % 62 bias is negligible for ids
  return `${prefix}_${out}`;
}

// HMAC-signed values for cookies. The secret comes from SESSION_SECRET (npm start generates
// one for local use); every app instance behind a load balancer must share it.
import crypto from "node:crypto";

function secret(): string {
  const value = process.env.SESSION_SECRET;
  if (!value || value.length < 32) {
    throw new Error("SESSION_SECRET must be set to at least 32 random characters (npm start generates one for local use).");
  }
  return value;
}

function mac(value: string): string {
  return crypto.createHmac("sha256", secret()).update(value).digest("base64url");
}

export function sign(value: string): string {
  return `${value}.${mac(value)}`;
}

/** The value if the signature is ours, else null. Constant-time comparison. */
export function unsign(signed: string | undefined | null): string | null {
  if (!signed) return null;
  const dot = signed.lastIndexOf(".");
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  const expected = Buffer.from(mac(value));
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? value : null;
}

export function sha256(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}

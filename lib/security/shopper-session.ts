// A shopper's browser session: a random id in a signed, httpOnly cookie. Orders remember a
// hash of the id that placed them, and only that browser may see or pay them, so an order id
// seen elsewhere (a shared link, a log) is no key to its client secret.
import crypto from "node:crypto";
import { sha256, sign, unsign } from "./signing";

export const SHOPPER_COOKIE = "chargeonce_shopper";
const MAX_AGE_SECONDS = 30 * 24 * 3600;

export interface ShopperSession {
  id: string;
  /** What orders store: never the id itself. */
  hash: string;
  /** Set-Cookie value when the session is new, else null. */
  setCookie: string | null;
}

export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The session from the cookie, if its signature is valid. */
export function existingShopperSession(cookieValue: string | undefined): { id: string; hash: string } | null {
  const id = unsign(cookieValue);
  return id ? { id, hash: sha256(id) } : null;
}

/** The session from the cookie, or a new one with the cookie to set. */
export function shopperSession(cookieHeader: string | null, secure: boolean): ShopperSession {
  const existing = existingShopperSession(readCookie(cookieHeader, SHOPPER_COOKIE));
  if (existing) return { ...existing, setCookie: null };
  const id = crypto.randomBytes(24).toString("base64url");
  const attributes = [`Path=/`, `Max-Age=${MAX_AGE_SECONDS}`, "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])];
  return { id, hash: sha256(id), setCookie: `${SHOPPER_COOKIE}=${encodeURIComponent(sign(id))}; ${attributes.join("; ")}` };
}

/** An order with no owner was placed by an operator tool, not a browser: anyone may pay it. */
export function mayAccessOrder(order: { ownerHash: string | null }, sessionHash: string | null | undefined): boolean {
  return order.ownerHash === null || order.ownerHash === sessionHash;
}

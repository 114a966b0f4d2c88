// The shopper session as route handlers see it.
import { existingShopperSession, readCookie, SHOPPER_COOKIE, shopperSession, type ShopperSession } from "@/lib/security/shopper-session";

function isSecure(request: Request): boolean {
  return request.headers.get("x-forwarded-proto") === "https" || new URL(request.url).protocol === "https:";
}

/** The caller's session, created (with a cookie to set) if it has none. */
export function sessionFor(request: Request): ShopperSession {
  return shopperSession(request.headers.get("cookie"), isSecure(request));
}

/** The caller's session hash, or null: never creates one. */
export function sessionHashOf(request: Request): string | null {
  return existingShopperSession(readCookie(request.headers.get("cookie"), SHOPPER_COOKIE))?.hash ?? null;
}

// Runs before every page (not the APIs): security headers, and the shopper session.
// - Headers are set per request rather than in next.config.mjs, because the CSP names the
//   Stripe emulator's origin, which is known only when the server starts. API answers get
//   theirs from lib/http/request.ts.
// - A browser gets its shopper session on its first page view, so the cookie already exists
//   when it places an order: a retried "Place order" whose first answer was lost is then
//   replayed to the same session that owns the order.
import { NextResponse, type NextRequest } from "next/server";
import { pageSecurityHeaders } from "@/lib/security/headers";
import { shopperSession } from "@/lib/security/shopper-session";

export function proxy(request: NextRequest) {
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(pageSecurityHeaders())) response.headers.set(name, value);
  const secure = request.headers.get("x-forwarded-proto") === "https" || request.nextUrl.protocol === "https:";
  const session = shopperSession(request.headers.get("cookie"), secure);
  if (session.setCookie) response.headers.append("set-cookie", session.setCookie);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico|icon.svg|products/).*)"],
};

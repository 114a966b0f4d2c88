// Security headers on every page (CSP, frame-ancestors, Referrer-Policy, …). Set here, per
// request, rather than in next.config.mjs, because the CSP names the Stripe emulator's origin,
// which is known only when the server starts. API answers get theirs from lib/http/request.ts.
import { NextResponse } from "next/server";
import { pageSecurityHeaders } from "@/lib/security/headers";

export function proxy() {
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(pageSecurityHeaders())) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico).*)"],
};

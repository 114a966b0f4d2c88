// Cross-site request refusal for state-changing API calls. A browser always sends Origin on a
// cross-origin POST, so a POST whose Origin is not this app's own host comes from another
// site's page (CSRF, or a shop page embedded elsewhere) and is refused. No Origin at all is a
// server-to-server call (curl, a backend), which cookies-based CSRF cannot forge: allowed.
import { AppError } from "@/lib/errors";

/** Paths exempt from the check: Stripe's webhooks are authenticated by their signature. */
const EXEMPT = ["/api/webhooks/"];
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function checkSameOrigin(request: { method: string; url: string; headers: Headers }): AppError | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const path = new URL(request.url).pathname;
  if (!path.startsWith("/api/") || EXEMPT.some((p) => path.startsWith(p))) return null;
  const origin = request.headers.get("origin");
  if (origin === null) return null;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (host && originHost(origin) === host.toLowerCase()) return null;
  return new AppError("cross_origin_request", "Cross-origin requests are not accepted. Use the shop's own pages.");
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null; // "null" (sandboxed frames, file://) or garbage
  }
}

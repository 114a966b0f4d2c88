// The security headers of every page and API answer. Computed per process from the
// environment (not at build time), because in emulator mode the browser loads Stripe.js and
// talks to the emulator at STRIPE_EMULATOR_URL, which is only known when the server starts.
import { stripeSettings } from "@/lib/payments/stripe";

/** What Stripe.js needs (https://docs.stripe.com/security/guide#content-security-policy). */
const STRIPE_SCRIPT = ["https://js.stripe.com", "https://*.js.stripe.com"];
const STRIPE_FRAME = ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"];
const STRIPE_CONNECT = ["https://api.stripe.com", "https://*.stripe.com"];
const STRIPE_IMG = ["https://*.stripe.com"];

export function contentSecurityPolicy(env: NodeJS.ProcessEnv = process.env): string {
  const settings = stripeSettings(env);
  const emulator = settings.emulatorUrl ? [new URL(settings.emulatorUrl).origin] : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'unsafe-inline': Next.js streams its page data in inline scripts, and nonces would need
    // every page rendered per request. Injected markup is still stopped by React's escaping.
    "script-src": ["'self'", "'unsafe-inline'", ...STRIPE_SCRIPT, ...emulator],
    "style-src": ["'self'", "'unsafe-inline'"],
    "frame-src": [...STRIPE_FRAME, ...emulator],
    "connect-src": ["'self'", ...STRIPE_CONNECT, ...emulator],
    "img-src": ["'self'", "data:", ...STRIPE_IMG],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    // Nobody may frame the checkout (clickjacking the Pay button).
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

const COMMON = {
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-content-type-options": "nosniff",
  "permissions-policy": 'camera=(), microphone=(), geolocation=(), payment=(self "https://js.stripe.com")',
} as const;

/** JSON answers load nothing and may be framed by no one. */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  ...COMMON,
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
};

let pageHeaders: Record<string, string> | undefined;

export function pageSecurityHeaders(): Readonly<Record<string, string>> {
  return (pageHeaders ??= { ...COMMON, "content-security-policy": contentSecurityPolicy(), "cross-origin-opener-policy": "same-origin" });
}

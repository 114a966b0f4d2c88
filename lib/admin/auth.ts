// Who may use the merchant console: whoever knows ADMIN_PASSWORD. A login gives a signed,
// httpOnly, SameSite=Strict cookie that names the person (recorded on refunds) and expires.
// Every console page and /api/admin route checks it through this module, and nothing else.
import crypto from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { forgive, hit, type RateLimit } from "@/lib/security/rate-limit";
import { readCookie } from "@/lib/security/shopper-session";
import { sign, unsign } from "@/lib/security/signing";

export const ADMIN_COOKIE = "chargeonce_admin";
export const ADMIN_SESSION_SECONDS = 8 * 3600;
export const LOGIN_PATH = "/admin/login";
// Signed values are namespaced, so no other signed cookie (the shopper's) can pass for this one.
const PREFIX = "admin:";

/** Wrong passwords allowed per client, and across all clients (a client may lie about its address). */
export const LOGIN_LIMITS: { perClient: RateLimit; global: RateLimit } = {
  perClient: { limit: 5, windowMs: 15 * 60_000 },
  global: { limit: 100, windowMs: 15 * 60_000 },
};

export interface AdminSession {
  name: string;
  expiresAt: Date;
}

/** Constant-time: both sides are hashed to equal lengths before the comparison. */
export function passwordMatches(given: string, expected: string): boolean {
  const digest = (value: string) => crypto.createHash("sha256").update(value, "utf8").digest();
  return crypto.timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}

export function adminSessionFromCookie(value: string | undefined | null, now = new Date()): AdminSession | null {
  const signed = unsign(value);
  if (!signed?.startsWith(PREFIX)) return null;
  try {
    const { n, e } = JSON.parse(Buffer.from(signed.slice(PREFIX.length), "base64url").toString("utf8")) as { n?: unknown; e?: unknown };
    if (typeof n !== "string" || typeof e !== "number" || e * 1000 <= now.getTime()) return null;
    return { name: n, expiresAt: new Date(e * 1000) };
  } catch {
    return null;
  }
}

/** The console user of an API request; 401 without a valid session. */
export function requireAdmin(request: Request): AdminSession {
  const session = adminSessionFromCookie(readCookie(request.headers.get("cookie"), ADMIN_COOKIE));
  if (!session) throw new AppError("unauthorized", "Log in to the merchant console first.");
  return session;
}

export function adminSessionCookie(name: string, secure: boolean, now = new Date()): string {
  const expires = Math.floor(now.getTime() / 1000) + ADMIN_SESSION_SECONDS;
  const payload = Buffer.from(JSON.stringify({ n: name, e: expires })).toString("base64url");
  return serializeCookie(sign(PREFIX + payload), ADMIN_SESSION_SECONDS, secure);
}

export function clearedAdminSessionCookie(secure: boolean): string {
  return serializeCookie("", 0, secure);
}

function serializeCookie(value: string, maxAge: number, secure: boolean): string {
  const attributes = ["Path=/", `Max-Age=${maxAge}`, "HttpOnly", "SameSite=Strict", ...(secure ? ["Secure"] : [])];
  return `${ADMIN_COOKIE}=${encodeURIComponent(value)}; ${attributes.join("; ")}`;
}

export function isHttps(request: Request): boolean {
  return request.headers.get("x-forwarded-proto") === "https" || new URL(request.url).protocol === "https:";
}

/** The caller's address as the nearest proxy reports it; only a rate-limit key, never trusted for more. */
export function clientAddress(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0].trim().slice(0, 64) || "unknown";
}

/**
 * Checks a login attempt. Every attempt is counted first (so a burst of parallel guesses gets
 * no more tries than a slow one), and a correct password takes its count back: only wrong
 * passwords use up the allowance. Past the limit even the right password waits.
 */
export async function logIn(
  db: PrismaClient,
  attempt: { name: string; password: string; client: string },
  expected = process.env.ADMIN_PASSWORD ?? "",
): Promise<void> {
  if (!expected) throw new AppError("admin_not_configured", "The merchant console is disabled: set ADMIN_PASSWORD.");
  const keys = { perClient: `admin-login:client:${attempt.client}`, global: "admin-login:all" };
  const [perClient, global] = await Promise.all([hit(db, keys.perClient, LOGIN_LIMITS.perClient), hit(db, keys.global, LOGIN_LIMITS.global)]);
  if (!perClient.allowed || !global.allowed) {
    const retryAfterSeconds = Math.max(perClient.allowed ? 0 : perClient.retryAfterSeconds, global.allowed ? 0 : global.retryAfterSeconds);
    throw new AppError("rate_limited", "Too many wrong passwords. Wait a few minutes, then try again.", { retryAfterSeconds });
  }
  if (!passwordMatches(attempt.password, expected)) throw new AppError("invalid_credentials", "Wrong password.");
  await Promise.all([forgive(db, keys.perClient), forgive(db, keys.global)]);
}

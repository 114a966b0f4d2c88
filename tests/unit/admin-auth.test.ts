import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN_COOKIE, ADMIN_SESSION_SECONDS, adminSessionCookie, adminSessionFromCookie, clearedAdminSessionCookie, passwordMatches, requireAdmin } from "@/lib/admin/auth";
import { AppError } from "@/lib/errors";
import { sign } from "@/lib/security/signing";

beforeAll(() => {
  process.env.SESSION_SECRET ??= crypto.randomBytes(32).toString("base64url");
});

const valueOf = (setCookie: string) => decodeURIComponent(setCookie.split(";")[0].slice(ADMIN_COOKIE.length + 1));

describe("console session cookie", () => {
  it("is signed, httpOnly, SameSite=Strict, expires, and Secure only over https", () => {
    const cookie = adminSessionCookie("Ada", false);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain(`Max-Age=${ADMIN_SESSION_SECONDS}`);
    expect(cookie).not.toContain("Secure");
    expect(adminSessionCookie("Ada", true)).toContain("; Secure");
    expect(adminSessionFromCookie(valueOf(cookie))?.name).toBe("Ada");
  });

  it("is refused once expired, tampered with, or signed for something else", () => {
    const issued = new Date("2026-01-01T00:00:00Z");
    const value = valueOf(adminSessionCookie("Ada", false, issued));
    expect(adminSessionFromCookie(value, new Date(issued.getTime() + 1000))?.name).toBe("Ada");
    expect(adminSessionFromCookie(value, new Date(issued.getTime() + ADMIN_SESSION_SECONDS * 1000))).toBeNull();

    const [payload, mac] = [value.slice(0, value.lastIndexOf(".")), value.slice(value.lastIndexOf(".") + 1)];
    const forged = Buffer.from(JSON.stringify({ n: "Mallory", e: 4_102_444_800 })).toString("base64url");
    expect(adminSessionFromCookie(`admin:${forged}.${mac}`)).toBeNull();
    expect(adminSessionFromCookie(`${payload}x.${mac}`)).toBeNull();
    // A validly signed value that is not an admin session (e.g. a shopper session id).
    expect(adminSessionFromCookie(sign("shopper-session-id"))).toBeNull();
    expect(adminSessionFromCookie(undefined)).toBeNull();
  });

  it("logout clears it", () => {
    expect(clearedAdminSessionCookie(false)).toMatch(new RegExp(`^${ADMIN_COOKIE}=; .*Max-Age=0`));
  });

  it("requireAdmin answers 401 unauthorized without a valid cookie", () => {
    const request = (cookie?: string) => new Request("http://localhost/api/admin/x", { headers: cookie ? { cookie } : {} });
    const refusal = (cookie?: string) => {
      try {
        requireAdmin(request(cookie));
      } catch (err) {
        return err instanceof AppError ? [err.code, err.status] : err;
      }
      return "accepted";
    };
    expect(refusal()).toEqual(["unauthorized", 401]);
    expect(refusal(`${ADMIN_COOKIE}=nonsense`)).toEqual(["unauthorized", 401]);
    const good = adminSessionCookie("Ada", false).split(";")[0];
    expect(requireAdmin(request(`other=1; ${good}`)).name).toBe("Ada");
  });
});

describe("password comparison", () => {
  it("matches only the exact password, whatever the lengths", () => {
    expect(passwordMatches("correct horse", "correct horse")).toBe(true);
    expect(passwordMatches("correct hors", "correct horse")).toBe(false);
    expect(passwordMatches("correct horse!", "correct horse")).toBe(false);
    expect(passwordMatches("", "")).toBe(false);
  });
});

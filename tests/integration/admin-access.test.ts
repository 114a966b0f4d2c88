// Nothing in the console is reachable without a session. The routes are read from the file
// system, so a page or API route added later is covered without touching this test.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ADMIN_COOKIE, LOGIN_LIMITS } from "@/lib/admin/auth";
import { appUrl, requireEnv } from "../helpers/env";
import { adminCookie, login, testClientAddress } from "../helpers/admin";

const ROOT = path.join(import.meta.dirname, "..", "..");
const PUBLIC = new Set(["/admin/login", "/api/admin/login"]);

/** Every page.tsx under app/admin and route.ts under app/api/admin, as a URL ([param] → a value). */
function routes(dir: string, file: string): { url: string; source: string }[] {
  const found: { url: string; source: string }[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === file) {
        const url = path
          .relative(path.join(ROOT, "app"), current)
          .split(path.sep)
          .filter((segment) => !/^\(.*\)$/.test(segment)) // route groups are not in the URL
          .map((segment) => segment.replace(/^\[.*\]$/, "ord_doesnotmatter"))
          .join("/");
        found.push({ url: `/${url}`, source: fs.readFileSync(full, "utf8") });
      }
    }
  };
  walk(dir);
  return found.filter((r) => !PUBLIC.has(r.url));
}

const pages = routes(path.join(ROOT, "app", "admin"), "page.tsx");
const apis = routes(path.join(ROOT, "app", "api", "admin"), "route.ts").flatMap(({ url, source }) =>
  [...source.matchAll(/export (?:const|(?:async )?function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map(([, method]) => ({ url, method })),
);

describe("console access without a session", () => {
  it("finds the console's pages and API routes", () => {
    expect(pages.map((p) => p.url)).toEqual(expect.arrayContaining(["/admin", "/admin/orders", "/admin/orders/ord_doesnotmatter"]));
    expect(apis.map((a) => `${a.method} ${a.url}`)).toEqual(expect.arrayContaining(["POST /api/admin/refunds", "GET /api/admin/orders/export"]));
  });

  it.each(pages.map((p) => p.url))("page %s redirects to the login page", async (url) => {
    for (const cookie of [undefined, `${ADMIN_COOKIE}=forged.value`]) {
      const res = await fetch(`${appUrl()}${url}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
      expect([303, 307, 308]).toContain(res.status);
      expect(new URL(res.headers.get("location")!, appUrl()).pathname).toBe("/admin/login");
    }
  });

  it.each(apis.map((a) => [a.method, a.url]))("%s %s answers 401 unauthorized", async (method, url) => {
    const res = await fetch(`${appUrl()}${url}`, { method, headers: { "content-type": "application/json" }, body: method === "GET" ? undefined : "{}" });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("with a session, the pages render", async () => {
    const cookie = await adminCookie();
    for (const url of ["/admin", "/admin/orders"]) {
      const res = await fetch(`${appUrl()}${url}`, { headers: { cookie }, redirect: "manual" });
      expect(res.status).toBe(200);
    }
  });
});

describe("login", () => {
  it("refuses a wrong password with 401 and sets no cookie", async () => {
    const res = await login({ name: "Eve", password: "not-the-password" });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_credentials");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("refuses bad input with 400", async () => {
    expect((await login({ password: requireEnv("ADMIN_PASSWORD") })).status).toBe(400);
    expect((await login({ name: "x".repeat(65), password: requireEnv("ADMIN_PASSWORD") })).status).toBe(400);
  });

  it("slows down repeated wrong passwords: 429 with Retry-After, then even the right password waits", async () => {
    const client = testClientAddress();
    const statuses = [];
    for (let i = 0; i < LOGIN_LIMITS.perClient.limit; i++) statuses.push((await login({ name: "Eve", password: `guess-${i}` }, client)).status);
    expect(statuses).toEqual(Array(LOGIN_LIMITS.perClient.limit).fill(401));
    const refused = await login({ name: "Eve", password: "one more guess" }, client);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await login({ name: "Ada", password: requireEnv("ADMIN_PASSWORD") }, client)).status).toBe(429);
    // Another client is not affected.
    expect((await login({ name: "Ada", password: requireEnv("ADMIN_PASSWORD") })).status).toBe(200);
  });

  it("a right password does not use up the allowance", async () => {
    const client = testClientAddress();
    for (let i = 0; i < LOGIN_LIMITS.perClient.limit + 2; i++) {
      expect((await login({ name: "Ada", password: requireEnv("ADMIN_PASSWORD") }, client)).status).toBe(200);
    }
  });

  it("logout clears the cookie", async () => {
    const cookie = await adminCookie();
    const res = await fetch(`${appUrl()}/api/admin/logout`, { method: "POST", headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^${ADMIN_COOKIE}=;.*Max-Age=0`));
  });
});

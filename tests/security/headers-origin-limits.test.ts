// Security headers on pages and API answers; the cross-origin POST rule (and who is exempt);
// per-client rate limits on POST /api/orders and /api/charge; order ids that cannot be guessed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/db/embedded-postgres";
import { startNextApp, type AppProcess } from "../../scripts/lib/next-app";
import { randomId } from "@/lib/ids";
import { appUrl, requireEnv } from "../helpers/env";
import { fakeEvent, placeOrderAsShopper, signWebhook, snapshot, uniqueClientAddress } from "./support";

const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("security headers", () => {
  it("pages: a CSP that allows Stripe.js (and the emulator) and nothing else, no framing, a referrer policy", async () => {
    const { orderId, cookie } = await placeOrderAsShopper();
    for (const path of ["/", `/checkout/${orderId}`]) {
      const res = await fetch(`${appUrl()}${path}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const csp = res.headers.get("content-security-policy")!;
      const directives = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
      expect(directives["frame-ancestors"]).toEqual(["'none'"]);
      expect(directives["default-src"]).toEqual(["'self'"]);
      expect(directives["object-src"]).toEqual(["'none'"]);
      expect(directives["script-src"]).toEqual(expect.arrayContaining(["'self'", "https://js.stripe.com", new URL(requireEnv("STRIPE_EMULATOR_URL")).origin]));
      expect(directives["frame-src"]).toEqual(expect.arrayContaining(["https://js.stripe.com", "https://hooks.stripe.com"]));
      expect(directives["connect-src"]).toEqual(expect.arrayContaining(["'self'", "https://api.stripe.com"]));
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("permissions-policy")).toContain("camera=()");
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
  });

  it("API answers: nothing may load or frame them", async () => {
    const res = await fetch(`${appUrl()}/api/charge`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("cross-origin POSTs", () => {
  it("the app's own origin and callers without Origin (servers, curl) are served", async () => {
    const own = await post(appUrl(), "/api/orders", { items: [{ productId: "ceramic-mug", quantity: 1 }] }, { origin: appUrl() });
    expect(own.status).toBe(201);
    const none = await post(appUrl(), "/api/orders", { items: [{ productId: "ceramic-mug", quantity: 1 }] });
    expect(none.status).toBe(201);
  });

  it("the webhook is exempt (its signature authenticates it): a foreign Origin reaches the signature check", async () => {
    const before = await snapshot();
    const event = fakeEvent();
    const res = await fetch(`${appUrl()}/api/webhooks/stripe`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://stripe.example", "stripe-signature": signWebhook(event, { secret: "whsec_wrong" }) },
      body: event,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_signature");
    expect(await snapshot()).toEqual(before);
  });
});

describe("order ids", () => {
  it("are random, 24 characters of 62 (~143 bits): no id can be derived from another", () => {
    const ids = Array.from({ length: 2_000 }, () => randomId("ord"));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^ord_[0-9A-Za-z]{24}$/);
    // Every position takes many values: nothing sequential or time-based.
    for (let i = 4; i < 28; i++) expect(new Set(ids.map((id) => id[i])).size).toBeGreaterThan(50);
  });
});

describe("rate limits (an app with 3 per minute)", () => {
  let app: AppProcess;

  beforeAll(async () => {
    app = await startNextApp({
      port: await freePort(),
      env: { ...process.env, RATE_LIMIT_ORDERS_PER_MINUTE: "3", RATE_LIMIT_CHARGE_PER_MINUTE: "3", DATABASE_POOL_SIZE: "3" },
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
  });

  it("POST /api/orders: the 4th from one client in a minute is 429 with Retry-After and writes nothing; another client is unaffected", async () => {
    // A client is its address as the proxy in front reports it.
    const client = uniqueClientAddress();
    const cart = { items: [{ productId: "ceramic-mug", quantity: 1 }] };
    for (let i = 0; i < 3; i++) expect((await post(app.url, "/api/orders", cart, client)).status).toBe(201);
    const before = await snapshot();
    const refused = await post(app.url, "/api/orders", cart, client);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe("rate_limited");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await snapshot()).toEqual(before);
    expect((await post(app.url, "/api/orders", cart, uniqueClientAddress())).status).toBe(201);
  });

  it("POST /api/charge: counted per shopper session", async () => {
    const shopper = await placeOrderAsShopper(undefined, app.url, uniqueClientAddress());
    const charge = () => post(app.url, "/api/charge", { orderId: shopper.orderId }, { cookie: shopper.cookie });
    for (let i = 0; i < 3; i++) expect((await charge()).status).toBe(200);
    const refused = await charge();
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe("rate_limited");
    // Another shopper has a budget of their own.
    const other = await placeOrderAsShopper(undefined, app.url, uniqueClientAddress());
    expect((await post(app.url, "/api/charge", { orderId: other.orderId }, { cookie: other.cookie })).status).toBe(200);
  });
});

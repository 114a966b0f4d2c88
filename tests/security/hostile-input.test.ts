// Hostile input on every route: each request gets its exact 4xx status and error code, and
// changes nothing — every table's row count and the PaymentIntents at Stripe are the same
// before and after. (The rate-limit counters are the one thing a refused request may move.)
//
// A few refusals of requests about a real order are *recorded*, on purpose: the charge log
// keeps one "rejected" row per refused attempt to pay an existing order (amount tampering, a
// paid or canceled order, a reused key), so the merchant sees them. Those cases name the one
// row they write, and the test checks that row and that nothing else moved.
import { beforeAll, describe, expect, it } from "vitest";
import { db, newOrder } from "../helpers/db";
import { appUrl, requireEnv } from "../helpers/env";
import { fakeEvent, placeOrderAsShopper, signWebhook, snapshot, postStreamed, type Snapshot } from "./support";

interface Fixtures {
  /** An order placed by shopper A through the API, and A's cookie. */
  owned: { orderId: string; amount: number; cookie: string };
  /** Shopper B's cookie: valid, signed, not A's. */
  otherCookie: string;
  unowned: { orderId: string; amount: number };
  paid: { orderId: string };
  canceled: { orderId: string };
  /** An Idempotency-Key already used for one cart on POST /api/orders. */
  usedOrdersKey: string;
  /** An Idempotency-Key already used for one order on POST /api/charge. */
  usedChargeKey: string;
  /** A valid merchant-console session cookie. */
  adminCookie: string;
}

interface Case {
  name: string;
  method?: string;
  path: string | ((f: Fixtures) => string);
  body?: string | ((f: Fixtures) => string) | "stream-1mb";
  contentType?: string | null;
  headers?: Record<string, string> | ((f: Fixtures) => Record<string, string>);
  status: number;
  /** The JSON error code; for pages, the text the page shows or where it redirects. */
  code?: string;
  page?: string;
  location?: string;
  /** Webhook cases: the Stripe-Signature for the payload, and optionally the body actually sent. */
  sign?: (payload: string) => { signature: string; sent?: string };
  /** The one row a refusal about a real order records (see the header). */
  records?: { chargeRequests: 1; detail: string; orderId: (f: Fixtures) => string };
}

const j = (value: unknown) => JSON.stringify(value);
const cart = (productId: unknown, quantity: unknown = 1) => j({ items: [{ productId, quantity }] });
const MUG = "ceramic-mug";
const ONE_MB = "x".repeat(1024 * 1024);
const EVIL = { origin: "https://evil.example" };

const ordersCases: Case[] = [
  { name: "malformed JSON", path: "/api/orders", body: "{items:", status: 400, code: "invalid_json" },
  { name: "truncated JSON", path: "/api/orders", body: '{"items":[{"productId":"ceramic-mug"', status: 400, code: "invalid_json" },
  { name: "empty body", path: "/api/orders", body: "", status: 400, code: "invalid_json" },
  { name: "NaN is not JSON", path: "/api/orders", body: '{"items":[{"productId":"ceramic-mug","quantity":NaN}]}', status: 400, code: "invalid_json" },
  { name: "wrong content type", path: "/api/orders", body: cart(MUG), contentType: "text/plain", status: 415, code: "unsupported_media_type" },
  { name: "form-encoded body", path: "/api/orders", body: "items=1", contentType: "application/x-www-form-urlencoded", status: 415, code: "unsupported_media_type" },
  { name: "no content type", path: "/api/orders", body: cart(MUG), contentType: null, status: 415, code: "unsupported_media_type" },
  { name: "missing items", path: "/api/orders", body: j({}), status: 400, code: "invalid_request" },
  { name: "empty items", path: "/api/orders", body: j({ items: [] }), status: 400, code: "invalid_request" },
  { name: "items not an array", path: "/api/orders", body: j({ items: MUG }), status: 400, code: "invalid_request" },
  { name: "items of nulls", path: "/api/orders", body: j({ items: [null] }), status: 400, code: "invalid_request" },
  { name: "JSON null", path: "/api/orders", body: "null", status: 400, code: "invalid_request" },
  { name: "JSON array", path: "/api/orders", body: "[]", status: 400, code: "invalid_request" },
  { name: "more than 20 lines", path: "/api/orders", body: j({ items: Array.from({ length: 21 }, () => ({ productId: MUG, quantity: 1 })) }), status: 400, code: "invalid_request" },
  { name: "quantity as string", path: "/api/orders", body: cart(MUG, "1"), status: 400, code: "invalid_request" },
  { name: "quantity 0", path: "/api/orders", body: cart(MUG, 0), status: 400, code: "invalid_request" },
  { name: "negative quantity", path: "/api/orders", body: cart(MUG, -1), status: 400, code: "invalid_request" },
  { name: "fractional quantity", path: "/api/orders", body: cart(MUG, 1.5), status: 400, code: "invalid_request" },
  { name: "quantity above 99", path: "/api/orders", body: cart(MUG, 100), status: 400, code: "invalid_request" },
  { name: "huge quantity (1e308)", path: "/api/orders", body: '{"items":[{"productId":"ceramic-mug","quantity":1e308}]}', status: 400, code: "invalid_request" },
  { name: "quantity beyond 2^53", path: "/api/orders", body: cart(MUG, 2 ** 53 + 2), status: 400, code: "invalid_request" },
  { name: "same product above 99 in two lines", path: "/api/orders", body: j({ items: [{ productId: MUG, quantity: 60 }, { productId: MUG, quantity: 60 }] }), status: 400, code: "invalid_request" },
  { name: "client-sent price with a bad quantity", path: "/api/orders", body: j({ items: [{ productId: MUG, quantity: 0, unitAmount: 1 }] }), status: 400, code: "invalid_request" },
  { name: "product id over 64 characters", path: "/api/orders", body: cart("p".repeat(65)), status: 400, code: "invalid_request" },
  { name: "empty product id", path: "/api/orders", body: cart(""), status: 400, code: "invalid_request" },
  { name: "unknown product", path: "/api/orders", body: cart("no-such-thing"), status: 422, code: "unknown_product" },
  { name: "SQL-looking product id", path: "/api/orders", body: cart("x' OR '1'='1"), status: 422, code: "unknown_product" },
  { name: "SQL statement in product id", path: "/api/orders", body: cart("'; DROP TABLE orders; --"), status: 422, code: "unknown_product" },
  { name: "script in product id", path: "/api/orders", body: cart("<script>alert(1)</script>"), status: 422, code: "unknown_product" },
  { name: "NUL byte in product id", path: "/api/orders", body: cart("ceramic-mug\u0000"), status: 400, code: "invalid_request" },
  { name: "RTL override in product id", path: "/api/orders", body: cart("\u202Egum-cimarec"), status: 422, code: "unknown_product" },
  { name: "emoji product id", path: "/api/orders", body: cart("☕🔥"), status: 422, code: "unknown_product" },
  { name: "lone surrogate in product id", path: "/api/orders", body: '{"items":[{"productId":"mug\\ud800","quantity":1}]}', status: 422, code: "unknown_product" },
  { name: "body above 16 KB", path: "/api/orders", body: j({ items: [{ productId: MUG, quantity: 1 }], pad: "x".repeat(17_000) }), status: 413, code: "body_too_large" },
  { name: "1 MB body", path: "/api/orders", body: j({ items: [{ productId: MUG, quantity: 1 }], pad: ONE_MB }), status: 413, code: "body_too_large" },
  { name: "1 MB body streamed without Content-Length", path: "/api/orders", body: "stream-1mb", status: 413, code: "body_too_large" },
  { name: "empty Idempotency-Key", path: "/api/orders", body: cart(MUG), headers: { "idempotency-key": "" }, status: 400, code: "invalid_idempotency_key" },
  { name: "Idempotency-Key over 255 characters", path: "/api/orders", body: cart(MUG), headers: { "idempotency-key": "k".repeat(256) }, status: 400, code: "invalid_idempotency_key" },
  { name: "Idempotency-Key with spaces", path: "/api/orders", body: cart(MUG), headers: { "idempotency-key": "a key" }, status: 400, code: "invalid_idempotency_key" },
  { name: "Idempotency-Key reused with another cart", path: "/api/orders", body: cart(MUG, 3), headers: (f) => ({ "idempotency-key": f.usedOrdersKey }), status: 422, code: "idempotency_key_reused" },
  { name: "cross-origin POST", path: "/api/orders", body: cart(MUG), headers: EVIL, status: 403, code: "cross_origin_request" },
  { name: "cross-origin POST from a look-alike host", path: "/api/orders", body: cart(MUG), headers: (f) => ({ origin: `${appUrl()}.evil.example`, cookie: f.owned.cookie }), status: 403, code: "cross_origin_request" },
  { name: "POST with Origin: null (sandboxed frame)", path: "/api/orders", body: cart(MUG), headers: { origin: "null" }, status: 403, code: "cross_origin_request" },
  { name: "GET is not served", method: "GET", path: "/api/orders", status: 405, code: "method_not_allowed" },
];

const chargeCases: Case[] = [
  { name: "malformed JSON", path: "/api/charge", body: "{", status: 400, code: "invalid_json" },
  { name: "wrong content type", path: "/api/charge", body: "orderId=x", contentType: "application/x-www-form-urlencoded", status: 415, code: "unsupported_media_type" },
  { name: "missing orderId", path: "/api/charge", body: j({}), status: 400, code: "invalid_request" },
  { name: "empty orderId", path: "/api/charge", body: j({ orderId: "" }), status: 400, code: "invalid_request" },
  { name: "orderId a number", path: "/api/charge", body: j({ orderId: 42 }), status: 400, code: "invalid_request" },
  { name: "orderId an array", path: "/api/charge", body: j({ orderId: ["ord_a", "ord_b"] }), status: 400, code: "invalid_request" },
  { name: "orderId over 64 characters", path: "/api/charge", body: j({ orderId: `ord_${"x".repeat(61)}` }), status: 400, code: "invalid_request" },
  { name: "negative amount", path: "/api/charge", body: (f) => j({ orderId: f.unowned.orderId, amount: -5 }), status: 400, code: "invalid_request" },
  { name: "fractional amount", path: "/api/charge", body: (f) => j({ orderId: f.unowned.orderId, amount: 10.5 }), status: 400, code: "invalid_request" },
  { name: "huge amount", path: "/api/charge", body: (f) => j({ orderId: f.unowned.orderId, amount: 1e12 }), status: 400, code: "invalid_request" },
  { name: "amount as string", path: "/api/charge", body: (f) => j({ orderId: f.unowned.orderId, amount: "1" }), status: 400, code: "invalid_request" },
  { name: "unknown order", path: "/api/charge", body: j({ orderId: "ord_doesnotexist" }), status: 404, code: "order_not_found" },
  { name: "unknown order with a key", path: "/api/charge", body: j({ orderId: "ord_doesnotexist" }), headers: { "idempotency-key": "k-unknown-order" }, status: 404, code: "order_not_found" },
  { name: "SQL-looking order id", path: "/api/charge", body: j({ orderId: "' OR 1=1 --" }), status: 404, code: "order_not_found" },
  { name: "script in order id", path: "/api/charge", body: j({ orderId: "<img src=x onerror=alert(1)>" }), status: 404, code: "order_not_found" },
  { name: "NUL byte in order id", path: "/api/charge", body: (f) => j({ orderId: `${f.unowned.orderId}\u0000` }), status: 400, code: "invalid_request" },
  { name: "emoji order id", path: "/api/charge", body: j({ orderId: "ord_💳" }), status: 404, code: "order_not_found" },
  { name: "another shopper's order, no cookie", path: "/api/charge", body: (f) => j({ orderId: f.owned.orderId }), status: 404, code: "order_not_found" },
  { name: "another shopper's order, with own cookie", path: "/api/charge", body: (f) => j({ orderId: f.owned.orderId }), headers: (f) => ({ cookie: f.otherCookie }), status: 404, code: "order_not_found" },
  { name: "another shopper's order, forged cookie", path: "/api/charge", body: (f) => j({ orderId: f.owned.orderId }), headers: { cookie: "chargeonce_shopper=forged.signature" }, status: 404, code: "order_not_found" },
  {
    name: "amount tampering (1 cent)",
    path: "/api/charge",
    body: (f) => j({ orderId: f.unowned.orderId, amount: 1 }),
    status: 422,
    code: "amount_mismatch",
    records: { chargeRequests: 1, detail: "amount_mismatch", orderId: (f) => f.unowned.orderId },
  },
  {
    name: "zero amount",
    path: "/api/charge",
    body: (f) => j({ orderId: f.unowned.orderId, amount: 0 }),
    status: 422,
    code: "amount_mismatch",
    records: { chargeRequests: 1, detail: "amount_mismatch", orderId: (f) => f.unowned.orderId },
  },
  {
    name: "paying a paid order",
    path: "/api/charge",
    body: (f) => j({ orderId: f.paid.orderId }),
    status: 409,
    code: "order_already_paid",
    records: { chargeRequests: 1, detail: "order_already_paid", orderId: (f) => f.paid.orderId },
  },
  {
    name: "paying a canceled order",
    path: "/api/charge",
    body: (f) => j({ orderId: f.canceled.orderId }),
    status: 409,
    code: "order_not_payable",
    records: { chargeRequests: 1, detail: "order_not_payable", orderId: (f) => f.canceled.orderId },
  },
  {
    name: "Idempotency-Key reused for another order",
    path: "/api/charge",
    body: (f) => j({ orderId: f.canceled.orderId }),
    headers: (f) => ({ "idempotency-key": f.usedChargeKey }),
    status: 422,
    code: "idempotency_key_reused",
    records: { chargeRequests: 1, detail: "idempotency_key_reused", orderId: (f) => f.canceled.orderId },
  },
  { name: "body above 16 KB", path: "/api/charge", body: j({ orderId: "x".repeat(17_000) }), status: 413, code: "body_too_large" },
  { name: "1 MB body", path: "/api/charge", body: j({ orderId: "ord_x", pad: ONE_MB }), status: 413, code: "body_too_large" },
  { name: "empty Idempotency-Key", path: "/api/charge", body: j({ orderId: "ord_x" }), headers: { "idempotency-key": "" }, status: 400, code: "invalid_idempotency_key" },
  { name: "Idempotency-Key over 255 characters", path: "/api/charge", body: j({ orderId: "ord_x" }), headers: { "idempotency-key": "k".repeat(256) }, status: 400, code: "invalid_idempotency_key" },
  { name: "cross-origin POST by the order's own browser", path: "/api/charge", body: (f) => j({ orderId: f.owned.orderId }), headers: (f) => ({ ...EVIL, cookie: f.owned.cookie }), status: 403, code: "cross_origin_request" },
  { name: "GET is not served", method: "GET", path: "/api/charge", status: 405, code: "method_not_allowed" },
];

const webhookCases: Case[] = [
  { name: "no signature", path: "/api/webhooks/stripe", body: fakeEvent(), status: 400, code: "invalid_signature" },
  { name: "garbage signature", path: "/api/webhooks/stripe", body: fakeEvent(), headers: { "stripe-signature": "t=1,v1=deadbeef" }, status: 400, code: "invalid_signature" },
  { name: "signed with another secret", path: "/api/webhooks/stripe", body: () => fakeEvent(), sign: (p) => ({ signature: signWebhook(p, { secret: "whsec_not_the_real_one" }) }), status: 400, code: "invalid_signature" },
  { name: "signature older than 5 minutes (replay)", path: "/api/webhooks/stripe", body: () => fakeEvent(), sign: (p) => ({ signature: signWebhook(p, { timestamp: Math.floor(Date.now() / 1000) - 600 }) }), status: 400, code: "invalid_signature" },
  { name: "body changed after signing", path: "/api/webhooks/stripe", body: () => fakeEvent(), sign: (p) => ({ signature: signWebhook(p), sent: p.replace("succeeded", "canceled") }), status: 400, code: "invalid_signature" },
  { name: "empty body, no signature", path: "/api/webhooks/stripe", body: "", status: 400, code: "invalid_signature" },
  { name: "1 MB body", path: "/api/webhooks/stripe", body: ONE_MB, status: 413, code: "body_too_large" },
  { name: "1 MB body streamed without Content-Length", path: "/api/webhooks/stripe", body: "stream-1mb", status: 413, code: "body_too_large" },
  { name: "GET is not served", method: "GET", path: "/api/webhooks/stripe", status: 405, code: "method_not_allowed" },
];
const otherCases: Case[] = [
  { name: "health: POST", path: "/api/health", body: j({}), status: 405, code: "method_not_allowed" },
  { name: "health: DELETE", method: "DELETE", path: "/api/health", status: 405, code: "method_not_allowed" },
  { name: "checkout page: unknown order", method: "GET", path: "/checkout/ord_doesnotexist", status: 404, page: "Not found" },
  { name: "checkout page: SQL-looking id", method: "GET", path: `/checkout/${encodeURIComponent("' OR '1'='1")}`, status: 404, page: "Not found" },
  { name: "checkout page: script-looking id", method: "GET", path: `/checkout/${encodeURIComponent("<script>alert(1)</script>")}`, status: 404, page: "Not found" },
  { name: "checkout page: NUL byte in id", method: "GET", path: "/checkout/ord_x%00", status: 404, page: "Not found" },
  { name: "checkout page: 2,000-character id", method: "GET", path: `/checkout/${"o".repeat(2000)}`, status: 404, page: "Not found" },
  { name: "checkout page: another shopper's order", method: "GET", path: (f) => `/checkout/${f.owned.orderId}`, headers: (f) => ({ cookie: f.otherCookie }), status: 404, page: "Not found" },
  { name: "return page: another shopper's order", method: "GET", path: (f) => `/checkout/${f.owned.orderId}/complete?payment_intent=pi_x&redirect_status=succeeded`, status: 404, page: "Not found" },
];

// The merchant console: every API route refuses without a session; with one, hostile bodies
// still get their exact refusal, and a cross-site POST carrying the session cookie is refused.
const admin = (f: Fixtures, extra: Record<string, string> = {}) => ({ cookie: f.adminCookie, "idempotency-key": `hostile_${crypto.randomUUID()}`, ...extra });
const adminCases: Case[] = [
  { name: "refunds without a session", path: "/api/admin/refunds", body: (f) => j({ orderId: f.paid.orderId }), status: 401, code: "unauthorized" },
  { name: "refunds with a forged session", path: "/api/admin/refunds", body: (f) => j({ orderId: f.paid.orderId }), headers: { cookie: "chargeonce_admin=admin%3Aeyj9.forged" }, status: 401, code: "unauthorized" },
  { name: "refunds with a shopper's cookie as the session", path: "/api/admin/refunds", body: (f) => j({ orderId: f.paid.orderId }), headers: (f) => ({ cookie: `chargeonce_admin=${f.owned.cookie.split("=")[1]}` }), status: 401, code: "unauthorized" },
  { name: "reconcile-all without a session", path: "/api/admin/reconcile", body: "", status: 401, code: "unauthorized" },
  { name: "reconcile-order without a session", path: (f) => `/api/admin/orders/${f.paid.orderId}/reconcile`, body: "", status: 401, code: "unauthorized" },
  { name: "CSV export without a session", method: "GET", path: "/api/admin/orders/export", status: 401, code: "unauthorized" },
  { name: "logout without a session", path: "/api/admin/logout", body: "", status: 401, code: "unauthorized" },
  { name: "console page without a session", method: "GET", path: "/admin/orders", status: 307, location: "/admin/login" },
  { name: "login: wrong password", path: "/api/admin/login", body: j({ name: "mallory", password: "guess' OR '1'='1" }), headers: { "x-forwarded-for": "198.51.100.7" }, status: 401, code: "invalid_credentials" },
  { name: "login: malformed JSON", path: "/api/admin/login", body: '{"name":', status: 400, code: "invalid_json" },
  { name: "login: missing password", path: "/api/admin/login", body: j({ name: "mallory" }), status: 400, code: "invalid_request" },
  { name: "login: 1 MB password", path: "/api/admin/login", body: j({ name: "mallory", password: ONE_MB }), status: 413, code: "body_too_large" },
  { name: "login: cross-origin POST", path: "/api/admin/login", body: j({ name: "mallory", password: "x" }), headers: EVIL, status: 403, code: "cross_origin_request" },
  { name: "refund: cross-origin POST with the merchant's session", path: "/api/admin/refunds", body: (f) => j({ orderId: f.paid.orderId }), headers: (f) => admin(f, EVIL), status: 403, code: "cross_origin_request" },
  { name: "refund: unknown order", path: "/api/admin/refunds", body: j({ orderId: "ord_doesnotexist" }), headers: (f) => admin(f), status: 404, code: "order_not_found" },
  { name: "refund: negative amount", path: "/api/admin/refunds", body: (f) => j({ orderId: f.paid.orderId, amount: -100 }), headers: (f) => admin(f), status: 400, code: "invalid_request" },
  { name: "refund: fractional amount", path: "/api/admin/refunds", body: (f) => j({ orderId: f.paid.orderId, amount: 0.5 }), headers: (f) => admin(f), status: 400, code: "invalid_request" },
  { name: "refund: SQL in order id", path: "/api/admin/refunds", body: j({ orderId: "1; DELETE FROM refunds" }), headers: (f) => admin(f), status: 404, code: "order_not_found" },
  { name: "refund without an Idempotency-Key", path: "/api/admin/refunds", body: (f) => j({ orderId: f.paid.orderId }), headers: (f) => ({ cookie: f.adminCookie }), status: 400, code: "idempotency_key_required" },
  { name: "reconcile: unknown order", path: "/api/admin/orders/ord_doesnotexist/reconcile", body: "", headers: (f) => admin(f), status: 404, code: "order_not_found" },
];

const cases: Case[] = [
  ...ordersCases.map((c) => ({ ...c, name: `orders: ${c.name}` })),
  ...chargeCases.map((c) => ({ ...c, name: `charge: ${c.name}` })),
  ...webhookCases.map((c) => ({ ...c, name: `webhook: ${c.name}` })),
  ...adminCases.map((c) => ({ ...c, name: `admin: ${c.name}` })),
  ...otherCases,
];

let fixtures: Fixtures;

beforeAll(async () => {
  const owned = await placeOrderAsShopper();
  const other = await placeOrderAsShopper([{ productId: "linen-tote", quantity: 1 }]);
  const unowned = await newOrder();
  const paid = await newOrder();
  await db.order.update({ where: { id: paid.orderId }, data: { status: "paid" } });
  const canceled = await newOrder();
  await db.order.update({ where: { id: canceled.orderId }, data: { status: "canceled" } });

  const usedOrdersKey = `hostile_orders_${crypto.randomUUID()}`;
  const first = await fetch(`${appUrl()}/api/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": usedOrdersKey },
    body: cart(MUG, 1),
  });
  expect(first.status).toBe(201);
  const usedChargeKey = `hostile_charge_${crypto.randomUUID()}`;
  const charged = await fetch(`${appUrl()}/api/charge`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": usedChargeKey },
    body: j({ orderId: unowned.orderId }),
  });
  expect(charged.status).toBe(200);

  const login = await fetch(`${appUrl()}/api/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: j({ name: "hostile-suite", password: requireEnv("ADMIN_PASSWORD") }),
  });
  expect(login.status).toBe(200);
  const adminCookie = login.headers.get("set-cookie")!.split(";")[0];

  fixtures = { owned, otherCookie: other.cookie, unowned, paid, canceled, usedOrdersKey, usedChargeKey, adminCookie };
});

describe("hostile input: the exact refusal, and nothing changed", () => {
  it("has at least 60 cases, on every route", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const paths = cases.map((c) => (typeof c.path === "string" ? c.path : c.path(fixtures)));
    for (const route of ["/api/orders", "/api/charge", "/api/webhooks/stripe", "/api/health", "/checkout/", "/api/admin/", "/admin/"]) {
      expect(paths.some((p) => p.startsWith(route)), route).toBe(true);
    }
  });

  it.each(cases)("$name → $status", async (c) => {
    const f = fixtures;
    const method = c.method ?? "POST";
    const path = typeof c.path === "string" ? c.path : c.path(f);
    const headers: Record<string, string> = typeof c.headers === "function" ? c.headers(f) : { ...c.headers };
    const contentType = c.contentType === undefined ? "application/json" : c.contentType;
    if (contentType !== null && method !== "GET") headers["content-type"] = contentType;
    const init: RequestInit = { method, headers };
    if (typeof c.body === "function") init.body = c.body(f);
    else if (c.body !== undefined && c.body !== "stream-1mb") init.body = c.body;
    if (c.sign && typeof init.body === "string") {
      const { signature, sent } = c.sign(init.body);
      headers["stripe-signature"] = signature;
      if (sent !== undefined) init.body = sent;
    }

    const before = await snapshot();
    const res =
      c.body === "stream-1mb"
        ? await postStreamed(`${appUrl()}${path}`, headers, 1024 * 1024)
        : await fetch(`${appUrl()}${path}`, { ...init, redirect: "manual" });
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(c.status);
    if (c.location) {
      expect(new URL(res.headers.get("location")!, appUrl()).pathname).toBe(c.location);
    } else if (c.page) {
      expect(text).toContain(c.page);
    } else {
      const body = JSON.parse(text) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(c.code);
      expect(body.error.message.length).toBeGreaterThan(0);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    }

    const after = await snapshot();
    const expected: Snapshot = { ...before, chargeRequests: before.chargeRequests + (c.records?.chargeRequests ?? 0) };
    expect(after).toEqual(expected);
    if (c.records) {
      const row = await db.chargeRequest.findFirstOrThrow({ where: { orderId: c.records.orderId(f) }, orderBy: { createdAt: "desc" } });
      expect(row).toMatchObject({ outcome: "rejected", detail: c.records.detail, paymentIntentId: null });
    }
  });
});

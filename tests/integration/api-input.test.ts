// Bad input on POST /api/orders and POST /api/charge: a 4xx JSON error with a code, never a
// 500, and not one row written.
import { describe, expect, it } from "vitest";
import { appUrl } from "../helpers/env";
import { newOrder, rowCounts } from "../helpers/db";

interface Case {
  name: string;
  path: "/api/orders" | "/api/charge";
  body: string | (() => Promise<string>);
  contentType?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

const orders = (body: unknown) => JSON.stringify(body);
const cases: Case[] = [
  { name: "malformed JSON", path: "/api/orders", body: "{items:", status: 400, code: "invalid_json" },
  { name: "wrong content type", path: "/api/orders", body: orders({ items: [{ productId: "ceramic-mug", quantity: 1 }] }), contentType: "text/plain", status: 415, code: "unsupported_media_type" },
  { name: "form-encoded body", path: "/api/orders", body: "items=1", contentType: "application/x-www-form-urlencoded", status: 415, code: "unsupported_media_type" },
  { name: "missing items", path: "/api/orders", body: orders({}), status: 400, code: "invalid_request" },
  { name: "empty items", path: "/api/orders", body: orders({ items: [] }), status: 400, code: "invalid_request" },
  { name: "items not an array", path: "/api/orders", body: orders({ items: "ceramic-mug" }), status: 400, code: "invalid_request" },
  { name: "JSON null", path: "/api/orders", body: "null", status: 400, code: "invalid_request" },
  { name: "quantity as string", path: "/api/orders", body: orders({ items: [{ productId: "ceramic-mug", quantity: "1" }] }), status: 400, code: "invalid_request" },
  { name: "quantity 0", path: "/api/orders", body: orders({ items: [{ productId: "ceramic-mug", quantity: 0 }] }), status: 400, code: "invalid_request" },
  { name: "negative quantity", path: "/api/orders", body: orders({ items: [{ productId: "ceramic-mug", quantity: -1 }] }), status: 400, code: "invalid_request" },
  { name: "fractional quantity", path: "/api/orders", body: orders({ items: [{ productId: "ceramic-mug", quantity: 1.5 }] }), status: 400, code: "invalid_request" },
  { name: "quantity above 99", path: "/api/orders", body: orders({ items: [{ productId: "ceramic-mug", quantity: 100 }] }), status: 400, code: "invalid_request" },
  { name: "same product above 99 in two lines", path: "/api/orders", body: orders({ items: [{ productId: "ceramic-mug", quantity: 60 }, { productId: "ceramic-mug", quantity: 60 }] }), status: 400, code: "invalid_request" },
  { name: "unknown product", path: "/api/orders", body: orders({ items: [{ productId: "no-such-thing", quantity: 1 }] }), status: 422, code: "unknown_product" },
  { name: "SQL-looking product id", path: "/api/orders", body: orders({ items: [{ productId: "x' OR '1'='1", quantity: 1 }] }), status: 422, code: "unknown_product" },
  { name: "body above 16 KB", path: "/api/orders", body: orders({ items: [{ productId: "ceramic-mug", quantity: 1 }], pad: "x".repeat(17_000) }), status: 413, code: "body_too_large" },
  { name: "client-sent price is not accepted as a field that matters", path: "/api/orders", body: orders({ items: [{ productId: "ceramic-mug", quantity: 0, unitAmount: 1 }] }), status: 400, code: "invalid_request" },
  { name: "empty Idempotency-Key", path: "/api/orders", body: orders({ items: [{ productId: "ceramic-mug", quantity: 1 }] }), headers: { "idempotency-key": "" }, status: 400, code: "invalid_idempotency_key" },
  { name: "Idempotency-Key over 255 characters", path: "/api/orders", body: orders({ items: [{ productId: "ceramic-mug", quantity: 1 }] }), headers: { "idempotency-key": "k".repeat(256) }, status: 400, code: "invalid_idempotency_key" },

  { name: "charge: malformed JSON", path: "/api/charge", body: "{", status: 400, code: "invalid_json" },
  { name: "charge: wrong content type", path: "/api/charge", body: "orderId=x", contentType: "application/x-www-form-urlencoded", status: 415, code: "unsupported_media_type" },
  { name: "charge: missing orderId", path: "/api/charge", body: orders({}), status: 400, code: "invalid_request" },
  { name: "charge: orderId a number", path: "/api/charge", body: orders({ orderId: 42 }), status: 400, code: "invalid_request" },
  { name: "charge: negative amount", path: "/api/charge", body: orders({ orderId: "ord_x", amount: -5 }), status: 400, code: "invalid_request" },
  { name: "charge: fractional amount", path: "/api/charge", body: orders({ orderId: "ord_x", amount: 10.5 }), status: 400, code: "invalid_request" },
  { name: "charge: unknown order", path: "/api/charge", body: orders({ orderId: "ord_doesnotexist" }), status: 404, code: "order_not_found" },
  { name: "charge: unknown order with a key", path: "/api/charge", body: orders({ orderId: "ord_doesnotexist" }), headers: { "idempotency-key": "k-unknown-order" }, status: 404, code: "order_not_found" },
  { name: "charge: body above 16 KB", path: "/api/charge", body: orders({ orderId: "x".repeat(17_000) }), status: 413, code: "body_too_large" },
  { name: "charge: Idempotency-Key over 255 characters", path: "/api/charge", body: orders({ orderId: "ord_x" }), headers: { "idempotency-key": "k".repeat(256) }, status: 400, code: "invalid_idempotency_key" },
];

describe("bad input gets a clear 4xx and writes nothing", () => {
  it.each(cases)("$name → $status $code", async (c) => {
    const before = await rowCounts();
    const res = await fetch(`${appUrl()}${c.path}`, {
      method: "POST",
      headers: { "content-type": c.contentType ?? "application/json", ...c.headers },
      body: typeof c.body === "string" ? c.body : await c.body(),
    });
    const body = await res.json();
    expect(res.status).toBe(c.status);
    expect(body.error.code).toBe(c.code);
    expect(typeof body.error.message).toBe("string");
    expect(await rowCounts()).toEqual(before);
  });
});

describe("the endpoints' own idempotency", () => {
  const post = (path: string, body: unknown, key?: string) =>
    fetch(`${appUrl()}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
      body: JSON.stringify(body),
    });

  it("a double-clicked Place order (same key, concurrent) places one order", async () => {
    const key = `dbl_${crypto.randomUUID()}`;
    const cart = { items: [{ productId: "linen-tote", quantity: 1 }, { productId: "notebook-set", quantity: 2 }] };
    const before = (await rowCounts()).orders;
    const responses = await Promise.all([post("/api/orders", cart, key), post("/api/orders", cart, key)]);
    const statuses = responses.map((r) => r.status);
    // One runs; the other is told it is in flight (409) or, if it came late, gets the replay (201).
    expect(statuses).toContain(201);
    expect([201, 409]).toEqual(expect.arrayContaining(statuses));
    const replay = await post("/api/orders", cart, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const created = (await responses.find((r) => r.status === 201)!.json()) as { orderId: string; amount: number };
    expect(((await replay.json()) as { orderId: string }).orderId).toBe(created.orderId);
    expect(created.amount).toBe(3200 + 2 * 2400);
    expect((await rowCounts()).orders).toBe(before + 1);
  });

  it("the same key with another body is refused with 422", async () => {
    const key = `reuse_${crypto.randomUUID()}`;
    expect((await post("/api/orders", { items: [{ productId: "linen-tote", quantity: 1 }] }, key)).status).toBe(201);
    const res = await post("/api/orders", { items: [{ productId: "linen-tote", quantity: 2 }] }, key);
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe("idempotency_key_reused");
  });

  it("charge: a body amount that differs from the order is 422 amount_mismatch; paid orders are 409", async () => {
    const order = await newOrder();
    const mismatch = await post("/api/charge", { orderId: order.orderId, amount: 1 });
    expect(mismatch.status).toBe(422);
    expect((await mismatch.json()).error.code).toBe("amount_mismatch");

    const ok = await post("/api/charge", { orderId: order.orderId, amount: order.amount });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body).toMatchObject({ paymentIntentId: expect.stringMatching(/^pi_/), clientSecret: expect.stringContaining("_secret_"), status: "awaiting_payment" });
  });
});

describe("an order belongs to the browser that placed it", () => {
  it("another browser gets 404 for its charge, the owner gets the client secret", async () => {
    const placed = await fetch(`${appUrl()}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ items: [{ productId: "ceramic-mug", quantity: 1 }] }),
    });
    expect(placed.status).toBe(201);
    const cookie = placed.headers.get("set-cookie")!.split(";")[0];
    expect(placed.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    const { orderId } = (await placed.json()) as { orderId: string };
    const charge = (headers: Record<string, string>) =>
      fetch(`${appUrl()}/api/charge`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ orderId }) });

    const stranger = await charge({});
    expect(stranger.status).toBe(404);
    const forged = await charge({ cookie: `${cookie.split("=")[0]}=forged.signature` });
    expect(forged.status).toBe(404);
    const page = await fetch(`${appUrl()}/checkout/${orderId}`);
    expect(page.status).toBe(404);

    const owner = await charge({ cookie });
    expect(owner.status).toBe(200);
    expect((await owner.json()).clientSecret).toContain("_secret_");
    expect((await fetch(`${appUrl()}/checkout/${orderId}`, { headers: { cookie } })).status).toBe(200);
  });
});

// The endpoints' own idempotency and order ownership, as a client sees them. Bad input on
// every route is in tests/security/hostile-input.test.ts.
import { describe, expect, it } from "vitest";
import { appUrl } from "../helpers/env";
import { newOrder, rowCounts } from "../helpers/db";

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
  it("a browser gets its shopper session on its first page view, before it places an order", async () => {
    const page = await fetch(`${appUrl()}/`);
    expect(page.headers.get("set-cookie")).toMatch(/^chargeonce_shopper=[^;]+;.*HttpOnly/i);
    const cookie = page.headers.get("set-cookie")!.split(";")[0];
    const placed = await fetch(`${appUrl()}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ items: [{ productId: "ceramic-mug", quantity: 1 }] }),
    });
    expect(placed.status).toBe(201);
    expect(placed.headers.get("set-cookie")).toBeNull(); // the session it has is the owner
    const { orderId } = (await placed.json()) as { orderId: string };
    expect((await fetch(`${appUrl()}/checkout/${orderId}`, { headers: { cookie } })).status).toBe(200);
  });

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

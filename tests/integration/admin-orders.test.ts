// The console's read side: the orders list (filters, search, keyset pages, counts in one
// query), the CSV export, and the order timeline.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, listOrders, type OrderPage } from "@/lib/admin/orders";
import { findOrderDetail } from "@/lib/admin/order-detail";
import { appUrl } from "../helpers/env";
import { db } from "../helpers/db";
import { adminCookie, paidOrder } from "../helpers/admin";

/** Orders whose ids share a prefix no other test uses, created a second apart, oldest first. */
async function ordersWithPrefix(statuses: ("paid" | "canceled" | "pending")[]) {
  const prefix = `ord_t${crypto.randomBytes(4).toString("hex")}`;
  const start = Date.now() - 3600_000;
  const ids: string[] = [];
  for (const [i, status] of statuses.entries()) {
    const id = `${prefix}${String(i).padStart(3, "0")}`;
    await db.order.create({
      data: {
        id,
        status,
        amount: 1800 * (i + 1),
        currency: "usd",
        paymentIntentId: `pi_t${prefix.slice(5)}${i}`,
        createdAt: new Date(start + i * 1000),
        items: { create: [{ productId: "ceramic-mug", name: "Ceramic Mug", unitAmount: 1800, quantity: i + 1 }] },
      },
    });
    ids.push(id);
  }
  return { prefix, ids, newestFirst: [...ids].reverse() };
}

describe("orders list", () => {
  it("searches by order id or PaymentIntent id, whole or prefix", async () => {
    const { prefix, ids, newestFirst } = await ordersWithPrefix(["paid", "canceled", "paid"]);
    expect((await listOrders(db, { q: prefix })).rows.map((r) => r.id)).toEqual(newestFirst);
    expect((await listOrders(db, { q: ids[1] })).rows.map((r) => r.id)).toEqual([ids[1]]);
    expect((await listOrders(db, { q: `pi_t${prefix.slice(5)}2` })).rows.map((r) => r.id)).toEqual([ids[2]]);
    // The random part alone finds either kind of id.
    expect((await listOrders(db, { q: prefix.slice(4) })).rows.map((r) => r.id)).toEqual(newestFirst);
    // LIKE wildcards in the term are literal characters, not patterns.
    expect((await listOrders(db, { q: `${prefix.slice(0, -2)}%` })).rows).toEqual([]);
    expect((await listOrders(db, { q: "ord_t________" })).rows).toEqual([]);
  });

  it("filters by status", async () => {
    const { prefix, ids } = await ordersWithPrefix(["paid", "canceled", "paid"]);
    expect((await listOrders(db, { q: prefix, status: "canceled" })).rows.map((r) => r.id)).toEqual([ids[1]]);
    expect((await listOrders(db, { q: prefix, status: "paid" })).rows.map((r) => r.id)).toEqual([ids[2], ids[0]]);
    expect((await listOrders(db, { q: prefix, status: "refunded" })).rows).toEqual([]);
  });

  it("pages forwards and back with cursors, without repeats or gaps", async () => {
    const { prefix, newestFirst } = await ordersWithPrefix(["paid", "paid", "paid", "paid", "paid"]);
    const pages: OrderPage[] = [await listOrders(db, { q: prefix }, { limit: 2 })];
    while (pages.at(-1)!.next) pages.push(await listOrders(db, { q: prefix }, { after: pages.at(-1)!.next, limit: 2 }));
    expect(pages.map((p) => p.rows.map((r) => r.id))).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4)]);
    expect(pages[0].previous).toBeNull();

    const back = await listOrders(db, { q: prefix }, { before: pages[2].previous, limit: 2 });
    expect(back.rows.map((r) => r.id)).toEqual(newestFirst.slice(2, 4));
    const first = await listOrders(db, { q: prefix }, { before: back.previous, limit: 2 });
    expect(first.rows.map((r) => r.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.previous).toBeNull();
    expect(first.next).not.toBeNull();
  });

  it("counts charge requests and the duplicates absorbed", async () => {
    const { ids } = await ordersWithPrefix(["paid"]);
    await db.chargeRequest.createMany({
      data: (["created", "reused", "reused", "conflict"] as const).map((outcome) => ({ orderId: ids[0], outcome })),
    });
    const [row] = (await listOrders(db, { q: ids[0] })).rows;
    expect(row).toMatchObject({ chargeRequests: 4, duplicatesAbsorbed: 3, items: "Ceramic Mug × 1", amount: 1800 });
  });

  it("ignores cursors it did not make", async () => {
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("1|x' OR 1=1").toString("base64url"))).toBeNull();
    const row = { createdAt: new Date("2026-12-03T10:00:00.123Z"), id: "ord_abc" };
    expect(decodeCursor(encodeCursor(row))).toEqual({ createdAtMs: row.createdAt.getTime(), id: row.id });
  });
});

describe("CSV export", () => {
  it("streams the filtered list with a header, escaped cells", async () => {
    const { prefix, newestFirst } = await ordersWithPrefix(["paid", "canceled"]);
    const res = await fetch(`${appUrl()}/api/admin/orders/export?q=${prefix}`, { headers: { cookie: await adminCookie() } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("created_at,order_id,status,items,amount,amount_refunded,currency,payment_intent_id,charge_requests,duplicates_absorbed");
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(newestFirst);
    expect(lines[1]).toContain(",canceled,Ceramic Mug × 2,3600,0,usd,");
  });
});

describe("order timeline", () => {
  it("merges the order, charge requests, Stripe events and state changes in time order", async () => {
    const order = await paidOrder();
    const detail = (await findOrderDetail(db, order.orderId))!;
    const titles = detail.timeline.map((e) => e.title);
    expect(titles[0]).toMatch(/^Order placed for \$32\.00/);
    expect(titles).toContain("Charge request: created the PaymentIntent");
    expect(titles).toContain("Stripe event payment_intent.succeeded");
    expect(titles.some((t) => /^Status .*→ paid \(by webhook\)$/.test(t))).toBe(true);
    const times = detail.timeline.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(await findOrderDetail(db, "ord_doesnotexist")).toBeNull();
  });
});

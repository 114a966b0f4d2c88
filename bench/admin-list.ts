/**
 * The merchant console's orders list at 100,000 orders. Seeds a fresh embedded PostgreSQL
 * (generate_series: orders over 90 days with realistic statuses, 1–3 items each, charge
 * requests with some duplicates), then times the same lib/admin functions the pages call,
 * in process — the server-side cost of a page's data, without HTTP or rendering.
 *
 *   npm run bench:admin                  (BENCH_ORDERS=100000, BENCH_RUNS=50 per query)
 *
 * Writes bench/results/admin-list.json. Target: p95 under 100 ms for every list query.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { freePort, startEmbeddedPostgres } from "../scripts/db/embedded-postgres";
import { migrate } from "../scripts/db/migrate";
import { percentile } from "./lib/stats";

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const TARGET_MS = 100;
const say = (line: string) => console.error(`[bench:admin] ${line}`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chargeonce-bench-admin-"));
fs.chmodSync(tmp, 0o755); // PostgreSQL runs as its own unprivileged user when we are root
const database = await startEmbeddedPostgres({ dataDir: path.join(tmp, "postgres"), port: await freePort() });
try {
  await migrate(database.url);
  process.env.DATABASE_URL = database.url;
  const { db } = await import("../lib/db");
  const { seed } = await import("../prisma/seed");
  const { listOrders, PAGE_SIZE } = await import("../lib/admin/orders");
  const { dashboardStats } = await import("../lib/admin/dashboard");
  await seed(db);

  say(`Seeding ${ORDERS.toLocaleString("en-US")} orders…`);
  const seedStart = performance.now();
  await seedOrders(db, ORDERS);
  say(`Seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s.`);

  // Real ids to search for, and a cursor half way down the list (page 1,000 of 50 rows).
  const [sample] = await db.$queryRaw<{ id: string; payment_intent_id: string }[]>`
    SELECT id, payment_intent_id FROM orders WHERE payment_intent_id IS NOT NULL ORDER BY id OFFSET 4242 LIMIT 1`;
  const deepCursor = (await listOrders(db, {}, { limit: 1000 * PAGE_SIZE })).next;
  const refundedCursor = (await listOrders(db, { status: "refunded" }, { limit: 1000 })).next;

  const cases: [name: string, run: () => Promise<unknown>][] = [
    ["first page, all statuses", () => listOrders(db, {})],
    ["page 1,000 (keyset cursor)", () => listOrders(db, {}, { after: deepCursor })],
    ["previous page from page 1,000", () => listOrders(db, {}, { before: deepCursor })],
    ["status = paid (70%)", () => listOrders(db, { status: "paid" })],
    ["status = processing (2%)", () => listOrders(db, { status: "processing" })],
    ["status = refunded (3%), after 1,000 rows", () => listOrders(db, { status: "refunded" }, { after: refundedCursor })],
    ["search: exact order id", () => listOrders(db, { q: sample.id })],
    ["search: order id prefix (8 chars)", () => listOrders(db, { q: sample.id.slice(0, 8) })],
    ["search: exact PaymentIntent id", () => listOrders(db, { q: sample.payment_intent_id })],
    ["search: id without ord_/pi_, both kinds", () => listOrders(db, { q: sample.id.slice(4, 12) })],
    ["search + status filter", () => listOrders(db, { q: sample.id.slice(0, 7), status: "paid" })],
    ["dashboard aggregates (14 days)", () => dashboardStats(db, "usd")],
  ];

  const results = [];
  for (const [name, run] of cases) {
    for (let i = 0; i < 3; i++) await run(); // warm the pool, the plan cache and the buffers
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await run();
      ms.push(performance.now() - start);
    }
    ms.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 100) / 100;
    results.push({ query: name, runs: RUNS, p50Ms: round(percentile(ms, 50)), p95Ms: round(percentile(ms, 95)), maxMs: round(ms.at(-1)!) });
  }
  await db.$disconnect();

  console.log(`\nOrders list at ${ORDERS.toLocaleString("en-US")} orders — ${RUNS} runs each, in-process (Prisma + PostgreSQL, no HTTP)\n`);
  console.log(`${"query".padEnd(40)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}`);
  for (const r of results) console.log(`${r.query.padEnd(40)} ${String(r.p50Ms).padStart(8)} ${String(r.p95Ms).padStart(8)} ${String(r.maxMs).padStart(8)}`);
  const met = results.every((r) => r.p95Ms < TARGET_MS);
  console.log(`\nTarget p95 < ${TARGET_MS} ms for every query: ${met ? "met" : "NOT met"}`);

  fs.mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
  fs.writeFileSync(
    path.join(import.meta.dirname, "results", "admin-list.json"),
    `${JSON.stringify(
      {
        ranAt: new Date().toISOString(),
        machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}` },
        orders: ORDERS,
        targetP95Ms: TARGET_MS,
        met,
        results,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await database.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** Bulk-inserts orders, their items and charge requests in a few set-based statements. */
async function seedOrders(db: typeof import("../lib/db").db, count: number) {
  await db.$executeRawUnsafe(`
    INSERT INTO orders (id, status, amount, currency, payment_intent_id, amount_refunded, created_at, updated_at)
    SELECT id, status::"OrderStatus", amount, 'usd',
           CASE WHEN status = 'pending' THEN NULL ELSE 'pi_' || substr(md5('pi' || g), 1, 24) END,
           CASE status WHEN 'refunded' THEN amount WHEN 'partially_refunded' THEN amount / 2 ELSE 0 END,
           created_at, created_at
    FROM (
      SELECT g, 'ord_' || substr(md5('ord' || g), 1, 24) AS id,
             (1 + (g % 7)) * 1800 AS amount,
             now() - random() * interval '90 days' AS created_at,
             CASE WHEN r < 0.70 THEN 'paid' WHEN r < 0.75 THEN 'payment_failed' WHEN r < 0.85 THEN 'awaiting_payment'
                  WHEN r < 0.90 THEN 'pending' WHEN r < 0.93 THEN 'refunded' WHEN r < 0.95 THEN 'partially_refunded'
                  WHEN r < 0.98 THEN 'canceled' ELSE 'processing' END AS status
      FROM (SELECT g, random() AS r FROM generate_series(1, ${count}) g) numbered
    ) rows`);
  await db.$executeRawUnsafe(`
    INSERT INTO order_items (order_id, product_id, name, unit_amount, quantity)
    SELECT o.id, p.id, p.name, p.unit_amount, 1 + (abs(hashtext(o.id)) % 3)
    FROM orders o
    JOIN LATERAL (SELECT * FROM products ORDER BY id OFFSET abs(hashtext(o.id)) % 6 LIMIT 1 + abs(hashtext(o.id || 'n')) % 3) p ON true`);
  // Each order with a PaymentIntent: one request created it; one in five saw 1–3 repeats.
  await db.$executeRawUnsafe(`
    INSERT INTO charge_requests (order_id, outcome, payment_intent_id, created_at)
    SELECT o.id, CASE WHEN n = 0 THEN 'created' ELSE 'reused' END::"ChargeOutcome", o.payment_intent_id, o.created_at + n * interval '1 second'
    FROM orders o, generate_series(0, CASE WHEN abs(hashtext(o.id)) % 5 = 0 THEN 1 + abs(hashtext(o.id || 'd')) % 3 ELSE 0 END) n
    WHERE o.payment_intent_id IS NOT NULL`);
  await db.$executeRawUnsafe(`ANALYZE`);
}

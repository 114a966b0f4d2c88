// PostgreSQL goes away — stopped, or restarted in the middle of a charge. The APIs answer 503
// with Retry-After and a message that says to retry (never a bare 500), pages show the "try
// again" page, and once the database is back the same requests, with the same keys, converge:
// one order, one PaymentIntent, nothing lost.
//
// This suite has its own embedded PostgreSQL (so stopping it disturbs no one) and its own app
// pointed at it, with the shared Stripe emulator; faults there are scoped to this suite's orders.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "../../scripts/db/embedded-postgres";
import { migrate } from "../../scripts/db/migrate";
import { startNextApp, type AppProcess } from "../../scripts/lib/next-app";
import { moneyForOrder, stripeForTests } from "../../e2e/support/oracle";
import { seed } from "../../prisma/seed";
import type { PrismaClient } from "@/lib/db";
import { emulator, waitFor } from "../helpers/emulator";
import { fakeEvent, placeOrderAsShopper, signWebhook } from "../security/support";

const chromiumPath = () => process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

let dataDir: string;
let port: number;
let database: EmbeddedDatabase | null = null;
let app: AppProcess;
let ownDb: PrismaClient;
const faultIds: string[] = [];

async function startDatabase() {
  database = await startEmbeddedPostgres({ dataDir, port });
}

async function stopDatabase() {
  await database?.stop();
  database = null;
}

beforeAll(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chargeonce-dbfault-"));
  fs.chmodSync(tmp, 0o755); // PostgreSQL runs as its own unprivileged user when we are root
  dataDir = path.join(tmp, "postgres");
  port = await freePort();
  await startDatabase();
  await migrate(database!.url);
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const { PrismaClient } = await import("@/generated/prisma/client");
  ownDb = new PrismaClient({ adapter: new PrismaPg({ connectionString: database!.url, max: 2 }) });
  await seed(ownDb);
  app = await startNextApp({
    port: await freePort(),
    env: {
      ...process.env,
      DATABASE_URL: database!.url,
      DATABASE_POOL_SIZE: "3",
      // The request that died with the database left its key locked and the order's lease
      // held; short timeouts let the retries take over within the test.
      PAYMENT_INTENT_LEASE_MS: "1500",
      IDEMPOTENCY_LOCK_TIMEOUT_MS: "1500",
    },
  });
}, 120_000);

afterAll(async () => {
  for (const id of faultIds) await fetch(`${process.env.STRIPE_EMULATOR_URL}/_emulator/faults/${id}`, { method: "DELETE" });
  await app?.stop();
  await ownDb?.$disconnect();
  await stopDatabase();
  if (dataDir) fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

// A failed test must not leave the next one without its database.
afterEach(async () => {
  if (!database) await startDatabase();
});

const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${p}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

async function expectDatabaseUnavailable(res: Response) {
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(503);
  expect(body.error.code).toBe("database_unavailable");
  expect(body.error.message).toMatch(/retry/i);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
}

describe("the database is down", () => {
  it("APIs answer 503 + Retry-After, pages the try-again page; after recovery the same requests succeed", async () => {
    const shopper = await placeOrderAsShopper(undefined, app.url);
    await stopDatabase();

    const cart = { items: [{ productId: "linen-tote", quantity: 1 }] };
    const orderKey = `dbdown_order_${crypto.randomUUID()}`;
    await expectDatabaseUnavailable(await post("/api/orders", cart, { "idempotency-key": orderKey }));
    const chargeKey = `dbdown_charge_${crypto.randomUUID()}`;
    await expectDatabaseUnavailable(await post("/api/charge", { orderId: shopper.orderId }, { cookie: shopper.cookie, "idempotency-key": chargeKey }));
    // A genuine webhook gets a 5xx, so Stripe delivers it again later.
    const event = fakeEvent();
    const webhook = await fetch(`${app.url}/api/webhooks/stripe`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signWebhook(event) },
      body: event,
    });
    await expectDatabaseUnavailable(webhook);
    // The shopper's browser renders the error page (its text comes with the client bundle).
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const context = await browser.newContext();
      await context.addCookies([{ name: shopper.cookie.split("=")[0], value: shopper.cookie.split("=").slice(1).join("="), url: app.url }]);
      const page = await context.newPage();
      const response = await page.goto(`${app.url}/checkout/${shopper.orderId}`);
      expect(response?.status()).toBe(500);
      await expect.poll(() => page.getByRole("heading", { name: "Temporarily unavailable" }).count(), { timeout: 15_000 }).toBe(1);
      expect(await page.getByText(/try again in a moment/i).count()).toBe(1);
    } finally {
      await browser.close();
    }
    // The process survived the outage.
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);

    await startDatabase();
    const order = await waitFor(
      async () => {
        const r = await post("/api/orders", cart, { "idempotency-key": orderKey });
        return { status: r.status, body: await r.json() };
      },
      (r) => r.status !== 503,
      15_000,
    );
    expect(order.status).toBe(201);
    const charged = await post("/api/charge", { orderId: shopper.orderId }, { cookie: shopper.cookie, "idempotency-key": chargeKey });
    expect(charged.status).toBe(200);
    expect((await fetch(`${app.url}/checkout/${shopper.orderId}`, { headers: { cookie: shopper.cookie } })).status).toBe(200);
    expect(await ownDb.order.count({ where: { items: { some: { productId: "linen-tote" } } } })).toBe(1);
  });
});

describe("the database restarts in the middle of a charge", () => {
  it("503 for the request caught in it; the retry with the same key converges on one PaymentIntent", async () => {
    const shopper = await placeOrderAsShopper([{ productId: "desk-lamp", quantity: 1 }], app.url);
    // Hold the Stripe call long enough to take the database away while it runs: the lease is
    // written, the PaymentIntent gets created, and saving it fails.
    const { id } = await emulator.addFault({ kind: "latency", latencyMs: 1_500, count: 1, match: { idempotencyKeyPrefix: `chargeonce:pi:${shopper.orderId}` } });
    faultIds.push(id);
    const key = `dbrestart_${crypto.randomUUID()}`;
    const inFlight = post("/api/charge", { orderId: shopper.orderId }, { cookie: shopper.cookie, "idempotency-key": key });
    // A count-1 fault leaves the list when a request takes it: the Stripe call is now under way.
    const faults = () => fetch(`${process.env.STRIPE_EMULATOR_URL}/_emulator/faults`).then((r) => r.json() as Promise<{ data: { id: string }[] }>);
    await waitFor(faults, (f) => !f.data.some((x) => x.id === id), 5_000);
    await stopDatabase();
    await expectDatabaseUnavailable(await inFlight);

    await startDatabase();
    const retried = await waitFor(
      async () => {
        const r = await post("/api/charge", { orderId: shopper.orderId }, { cookie: shopper.cookie, "idempotency-key": key });
        return { status: r.status, body: await r.json() };
      },
      (r) => r.status !== 503 && r.status !== 409,
      20_000,
    );
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    const money = await moneyForOrder(stripeForTests(), shopper.orderId);
    expect(money.paymentIntents.map((pi) => pi.id)).toEqual([retried.body.paymentIntentId]);
    const stored = await ownDb.order.findUniqueOrThrow({ where: { id: shopper.orderId } });
    expect(stored).toMatchObject({ status: "awaiting_payment", paymentIntentId: retried.body.paymentIntentId });
  });
});

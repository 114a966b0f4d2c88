// 50 concurrent POST /api/charge for one new order, spread over two app processes on one
// database: exactly one PaymentIntent at Stripe and one stored id. Nothing in memory helps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/db/embedded-postgres";
import { startNextApp, type AppProcess } from "../../scripts/lib/next-app";
import { moneyForOrder, stripeForTests } from "../../e2e/support/oracle";
import { db, newOrder } from "../helpers/db";
import { requireEnv } from "../helpers/env";

const apps: AppProcess[] = [];

beforeAll(async () => {
  requireEnv("STRIPE_EMULATOR_URL");
  const env = { ...process.env, DATABASE_POOL_SIZE: "5" };
  const ports = [await freePort(), await freePort()];
  apps.push(...(await Promise.all(ports.map((port) => startNextApp({ port, env })))));
}, 120_000);

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
});

describe("two app processes, one database", () => {
  it("50 concurrent charge requests for one order create one PaymentIntent", async () => {
    const order = await newOrder([{ productId: "wool-throw", quantity: 1 }]);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetch(`${apps[i % 2].url}/api/charge`, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": `mp_${order.orderId}_${i}` },
          body: JSON.stringify({ orderId: order.orderId }),
        }).then(async (r) => ({ status: r.status, body: await r.json() })),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const ids = new Set(responses.map((r) => r.body.paymentIntentId));
    expect(ids.size).toBe(1);

    const money = await moneyForOrder(stripeForTests(), order.orderId);
    expect(money.paymentIntents.map((p) => p.id)).toEqual([...ids]);
    const stored = await db.order.findUniqueOrThrow({ where: { id: order.orderId } });
    expect(stored.paymentIntentId).toBe([...ids][0]);

    const log = await db.chargeRequest.groupBy({ by: ["outcome"], where: { orderId: order.orderId }, _count: true });
    const byOutcome = Object.fromEntries(log.map((r) => [r.outcome, r._count]));
    expect(byOutcome).toEqual({ created: 1, reused: 49 });
  });
});

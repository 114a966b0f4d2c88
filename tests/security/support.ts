// Shared by the security and fault suites: a snapshot of everything a request could change
// (every table's row count, and the PaymentIntents the Stripe emulator has created), shopper
// sessions, and signed webhook deliveries.
import http from "node:http";
import Stripe from "stripe";
import { db } from "../helpers/db";
import { appUrl, requireEnv } from "../helpers/env";

export interface Snapshot {
  orders: number;
  orderItems: number;
  idempotencyKeys: number;
  chargeRequests: number;
  orderEvents: number;
  stripeEvents: number;
  outboxMessages: number;
  paymentAnomalies: number;
  refunds: number;
  products: number;
  paymentIntentsCreated: number;
}

export async function emulatorCounters(emulatorUrl = requireEnv("STRIPE_EMULATOR_URL")): Promise<{ paymentIntentsCreated: number }> {
  const res = await fetch(`${emulatorUrl}/_emulator/counters`);
  if (!res.ok) throw new Error(`emulator counters: HTTP ${res.status}`);
  return (await res.json()) as { paymentIntentsCreated: number };
}

export async function snapshot(): Promise<Snapshot> {
  const [orders, orderItems, idempotencyKeys, chargeRequests, orderEvents, stripeEvents, outboxMessages, paymentAnomalies, refunds, products, counters] =
    await Promise.all([
      db.order.count(),
      db.orderItem.count(),
      db.idempotencyKey.count(),
      db.chargeRequest.count(),
      db.orderEvent.count(),
      db.stripeEvent.count(),
      db.outboxMessage.count(),
      db.paymentAnomaly.count(),
      db.refund.count(),
      db.product.count(),
      emulatorCounters(),
    ]);
  return {
    orders,
    orderItems,
    idempotencyKeys,
    chargeRequests,
    orderEvents,
    stripeEvents,
    outboxMessages,
    paymentAnomalies,
    refunds,
    products,
    paymentIntentsCreated: counters.paymentIntentsCreated,
  };
}

/** A browser: places an order through the API and keeps the session cookie it was given. */
export async function placeOrderAsShopper(
  items = [{ productId: "ceramic-mug", quantity: 1 }],
  base = appUrl(),
  headers: Record<string, string> = {},
): Promise<{ orderId: string; amount: number; cookie: string }> {
  const res = await fetch(`${base}/api/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ items }),
  });
  if (res.status !== 201) throw new Error(`placing an order: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers.get("set-cookie")!.split(";")[0];
  const { orderId, amount } = (await res.json()) as { orderId: string; amount: number };
  return { orderId, amount, cookie };
}

export function webhookSecret(): string {
  return requireEnv("STRIPE_WEBHOOK_SECRET");
}

export function signWebhook(payload: string, opts: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? webhookSecret(), timestamp: opts.timestamp });
}

/** An event in Stripe's shape, for a PaymentIntent id that no order knows. */
export function fakeEvent(paymentIntentId = "pi_unknown_hostile"): string {
  return JSON.stringify({
    id: `evt_hostile_${crypto.randomUUID().replaceAll("-", "")}`,
    object: "event",
    type: "payment_intent.succeeded",
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: paymentIntentId, object: "payment_intent", status: "succeeded", metadata: {} } },
  });
}

/**
 * POSTs `bytes` in chunks with no Content-Length (so only the server's own count can stop it),
 * on a connection of its own: the server may answer early and drop it.
 */
export function postStreamed(url: string, headers: Record<string, string>, bytes: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => {
        const h = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === "string") h.set(name, value);
        resolve(new Response(text, { status: res.statusCode, headers: h }));
      });
    });
    // The server may close its side before the whole body is sent: not this helper's failure.
    req.on("error", (err) => (req.writableEnded ? undefined : reject(err)));
    const chunk = Buffer.alloc(64 * 1024, "x");
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.byteLength;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

/** A client address no other test run uses, for rate-limit buckets (the counters are shared). */
export function uniqueClientAddress(): Record<string, string> {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return { "x-forwarded-for": `10.${b[0]}.${b[1]}.${b[2]}` };
}

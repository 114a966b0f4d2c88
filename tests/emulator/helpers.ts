import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { createEmulator, type Emulator, type EmulatorOptions } from "../../stripe-emulator/src/index.js";

/** Shared setup for the emulator conformance tests: everything goes through the official SDK. */
export interface Running {
  emulator: Emulator;
  url: string;
  port: number;
  /** A client with SDK retries off, so each call is exactly one request unless a test says otherwise. */
  stripe: Stripe;
  client(opts?: { apiKey?: string; maxNetworkRetries?: number }): Stripe;
  control<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Running> {
  const emulator = createEmulator(options);
  const { url, port } = await emulator.listen(0);
  const client = (opts: { apiKey?: string; maxNetworkRetries?: number } = {}) =>
    new Stripe(opts.apiKey ?? "sk_test_emulator", { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: opts.maxNetworkRetries ?? 0 });
  return {
    emulator,
    url,
    port,
    stripe: client(),
    client,
    control: (method, path, body) => controlCall(url, method, path, body),
    close: () => emulator.close(),
  };
}

export async function controlCall<T = any>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}/_emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`control ${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Polls `probe` until it returns something truthy (no fixed sleeps standing in for synchronisation). */
export async function waitFor<T>(probe: () => T | Promise<T>, what = "condition", timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function uniqueKey(prefix = "test"): string {
  return `${prefix}-${randomUUID()}`;
}

/** Card details as Stripe.js sends them (`payment_method_data[card][number]`); not in the SDK's server-side types. */
export function cardData(number: string): Stripe.PaymentIntentConfirmParams.PaymentMethodData {
  return { type: "card", card: { number, exp_month: 12, exp_year: new Date().getFullYear() + 3, cvc: "123" } } as unknown as Stripe.PaymentIntentConfirmParams.PaymentMethodData;
}

export interface ReceivedWebhook {
  raw: string;
  signature: string;
  event: Stripe.Event;
  attemptStatus: number;
}

/**
 * A local webhook receiver. `respond` decides each answer's status (default 200);
 * returning "hang" never answers (to exercise the emulator's timeout).
 */
export async function startReceiver(secret: string, respond: (event: Stripe.Event, raw: string) => number | "hang" = () => 200) {
  const verifier = new Stripe("sk_test_receiver");
  const received: ReceivedWebhook[] = [];
  const rejected: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const signature = String(req.headers["stripe-signature"] ?? "");
      let event: Stripe.Event;
      try {
        event = verifier.webhooks.constructEvent(raw, signature, secret);
      } catch (err) {
        rejected.push((err as Error).message);
        res.writeHead(400).end();
        return;
      }
      const status = respond(event, raw);
      if (status === "hang") return;
      received.push({ raw, signature, event, attemptStatus: status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    rejected,
    /** Events answered with 2xx (what the app would have processed). */
    delivered: () => received.filter((r) => r.attemptStatus >= 200 && r.attemptStatus < 300).map((r) => r.event),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

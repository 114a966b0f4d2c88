import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startEmulator, type Running } from "./helpers.js";

let emu: Running;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const AUTH = { Authorization: "Bearer sk_test_emulator" };

/** Raw requests: the SDK cannot produce malformed bodies, so these tests speak HTTP directly. */
async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${emu.url}${path}`, {
    method: "POST",
    headers: { ...AUTH, "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, requestId: res.headers.get("request-id"), json: JSON.parse(text) as { error?: { type: string; message: string; code?: string; param?: string } } };
}

async function stillServing() {
  const pi = await emu.stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
  expect(pi.status).toBe("requires_payment_method");
}

describe("malformed requests get Stripe-style 4xx errors", () => {
  it.each([
    ["bad percent-encoding", "amount=1000&currency=%E0%A4%A"],
    ["a value and a hash for one name", "amount=1000&currency=usd&metadata=x&metadata[a]=b"],
    ["an unclosed bracket", "amount=1000&currency=usd&metadata[a=b"],
    ["a prototype key", "amount=1000&currency=usd&metadata[__proto__]=x"],
    ["an empty name", "=5&amount=1000&currency=usd"],
  ])("%s → 400 invalid_request_error", async (_what, body) => {
    const res = await post("/v1/payment_intents", body);
    expect(res.status).toBe(400);
    expect(res.json.error?.type).toBe("invalid_request_error");
    expect(res.requestId).toMatch(/^req_/);
    await stillServing();
  });

  it("a JSON body is refused (the API is form-encoded)", async () => {
    const res = await post("/v1/payment_intents", JSON.stringify({ amount: 1000, currency: "usd" }), { "Content-Type": "application/json" });
    expect(res.status).toBe(400);
    expect(res.json.error?.message).toMatch(/form-encoded/);
  });

  it("accepts `expand[]=` and indexed `expand[0]=` alike", async () => {
    const created = await post("/v1/payment_intents", "amount=1000&currency=usd&confirm=true&payment_method=pm_card_visa&expand[]=latest_charge");
    expect(created.status).toBe(200);
    expect((created.json as unknown as { latest_charge: { object: string } }).latest_charge.object).toBe("charge");
    const indexed = await post("/v1/payment_intents", "amount=1000&currency=usd&confirm=true&payment_method=pm_card_visa&expand[0]=latest_charge");
    expect((indexed.json as unknown as { latest_charge: { object: string } }).latest_charge.object).toBe("charge");
  });

  it("a body over 1 MB is 413 through the SDK, and the server carries on", async () => {
    const err = await emu.stripe.paymentIntents.create({ amount: 1000, currency: "usd", description: "x".repeat(1024 * 1024 + 10) }).catch((e) => e);
    // stripe-node maps statuses it has no class for (413) to StripeAPIError; the body is Stripe's shape.
    expect(err).toBeInstanceOf(Stripe.errors.StripeError);
    expect(err.statusCode).toBe(413);
    expect(err.rawType).toBe("invalid_request_error");
    expect(err.message).toMatch(/1 MB/);
    await stillServing();
  });

  it("a huge streamed upload is cut off without harming the server", async () => {
    const status = await new Promise<number | string>((resolve) => {
      const req = http.request(`${emu.url}/v1/payment_intents`, { method: "POST", headers: { ...AUTH, "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" } });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", (e) => resolve(e.message));
      const chunk = Buffer.alloc(64 * 1024, "a");
      let sent = 0;
      const pump = () => {
        while (sent < 40 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
    // Either our 413 arrived, or the connection was closed under the writer: never a crash.
    expect([413, "socket hang up", "write EPIPE", "read ECONNRESET", "write ECONNRESET"]).toContain(status);
    await stillServing();
  });

  it("garbage that is not HTTP is answered 400 and the server carries on", async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(emu.port, "127.0.0.1", () => socket.write("\x00\x01GARBAGE / NOPE\r\n\r\n"));
      let data = "";
      socket.on("data", (d) => (data += d.toString()));
      socket.on("close", () => resolve(data));
      socket.on("error", () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1.1 400/);
    await stillServing();
  });

  it("accepts HTTP Basic auth with the key as user name (curl -u sk_test_...:)", async () => {
    const res = await fetch(`${emu.url}/v1/payment_intents?limit=1`, { headers: { Authorization: `Basic ${Buffer.from("sk_test_curl:").toString("base64")}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { object: string }).object).toBe("list");
  });

  it("unknown URLs are 404 with Stripe's message", async () => {
    const err = await fetch(`${emu.url}/v1/customers_nope`, { headers: AUTH });
    expect(err.status).toBe(404);
    expect(((await err.json()) as { error: { message: string } }).error.message).toMatch(/Unrecognized request URL/);
  });

  it("every response has a Request-Id header", async () => {
    const responses = await Promise.all([
      fetch(`${emu.url}/v1/payment_intents`, { headers: AUTH }),
      fetch(`${emu.url}/v1/payment_intents`),
      fetch(`${emu.url}/v1/nope`, { headers: AUTH }),
      fetch(`${emu.url}/_emulator/health`),
      fetch(`${emu.url}/_emulator/nope`),
      fetch(`${emu.url}/elsewhere`),
      fetch(`${emu.url}/v1/payment_intents`, { method: "OPTIONS" }),
    ]);
    for (const res of responses) expect(res.headers.get("request-id")).toMatch(/^req_[A-Za-z0-9]{24}$/);
  });

  it("survives a burst of random bodies with 4xx answers only", async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = "ab=&[]%0Z_metadataamountcurrency19\u00e9+";
    const statuses = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const length = Math.floor(random() * 80);
      let body = "";
      for (let j = 0; j < length; j++) body += alphabet[Math.floor(random() * alphabet.length)];
      const path = ["/v1/payment_intents", "/v1/refunds", "/v1/payment_intents/pi_x/confirm"][i % 3]!;
      statuses.add((await post(path, body)).status);
    }
    for (const status of statuses) expect(status === 200 || (status >= 400 && status < 500)).toBe(true);
    await stillServing();
  });
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { postJsonWithRetry, RequestFailedError } from "@/lib/client/post-with-retry";

// A scripted server: each request gets the next planned answer; every request is recorded.
async function scriptedServer(plan: ((res: http.ServerResponse) => void)[]) {
  const seen: { key: string | undefined; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ key: req.headers["idempotency-key"] as string | undefined, body });
      (plan[seen.length - 1] ?? plan[plan.length - 1])(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, seen, close: () => new Promise((r) => server.close(r)) };
}

const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => (res: http.ServerResponse) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};
const hangUp = (res: http.ServerResponse) => res.socket?.destroy();

let server: Awaited<ReturnType<typeof scriptedServer>> | undefined;
afterEach(async () => server?.close());

describe("postJsonWithRetry", () => {
  it("reuses one Idempotency-Key across retries of network errors, 5xx and 409", async () => {
    server = await scriptedServer([
      hangUp,
      reply(503, { error: { code: "payment_provider_unavailable" } }),
      reply(409, { error: { code: "request_in_progress" } }),
      reply(200, { ok: true }),
    ]);
    const retries: string[] = [];
    const res = await postJsonWithRetry(server.url, { orderId: "o" }, { baseDelayMs: 1, onRetry: (i) => retries.push(i.reason) });
    expect(res.status).toBe(200);
    expect(server.seen).toHaveLength(4);
    expect(new Set(server.seen.map((s) => s.key)).size).toBe(1);
    expect(server.seen[0].key).toMatch(/^web_/);
    expect(retries).toEqual(["network error", "HTTP 503", "HTTP 409"]);
  });

  it("does not retry a 4xx answer", async () => {
    server = await scriptedServer([reply(422, { error: { code: "amount_mismatch", message: "no" } })]);
    const res = await postJsonWithRetry(server.url, {}, { baseDelayMs: 1 });
    expect(res.status).toBe(422);
    expect(server.seen).toHaveLength(1);
  });

  it("does not retry a 409 that is a final answer (already paid)", async () => {
    server = await scriptedServer([reply(409, { error: { code: "order_already_paid" } })]);
    const res = await postJsonWithRetry(server.url, {}, { baseDelayMs: 1 });
    expect(res.status).toBe(409);
    expect(server.seen).toHaveLength(1);
  });

  it("gives up after the last attempt with a clear error", async () => {
    server = await scriptedServer([reply(500, { error: { code: "internal_error", message: "boom" } })]);
    await expect(postJsonWithRetry(server.url, {}, { attempts: 3, baseDelayMs: 1 })).rejects.toBeInstanceOf(RequestFailedError);
    expect(server.seen).toHaveLength(3);
  });

  it("reports a replayed answer", async () => {
    server = await scriptedServer([reply(200, { ok: 1 }, { "idempotent-replayed": "true" })]);
    expect((await postJsonWithRetry(server.url, {})).replayed).toBe(true);
  });
});

describe("postJsonWithRetry and broken bodies", () => {
  it("retries a 200 whose body is cut off, with the same key", async () => {
    const cutOff = (res: http.ServerResponse) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"clientSecret":"pi_');
      res.socket?.destroy();
    };
    server = await scriptedServer([cutOff, reply(200, { clientSecret: "pi_1_secret_2" })]);
    const res = await postJsonWithRetry<{ clientSecret: string }>(server.url, {}, { baseDelayMs: 1 });
    expect(res.body.clientSecret).toBe("pi_1_secret_2");
    expect(server.seen).toHaveLength(2);
    expect(server.seen[0].key).toBe(server.seen[1].key);
  });
});

// A benchmark shopper: keeps its own cookie (orders belong to the browser that placed them).
import crypto from "node:crypto";

export class BenchShopper {
  cookie = "";

  async placeOrder(baseUrl: string, items = [{ productId: "ceramic-mug", quantity: 1 }]): Promise<{ orderId: string; amount: number; status: number }> {
    const res = await fetch(`${baseUrl}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": `bench_${crypto.randomUUID()}`, ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: JSON.stringify({ items }),
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0];
    const body = (await res.json()) as { orderId: string; amount: number };
    return { ...body, status: res.status };
  }

  charge(baseUrl: string, orderId: string, idempotencyKey: string | null = `bench_${crypto.randomUUID()}`): Promise<Response> {
    return fetch(`${baseUrl}/api/charge`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: this.cookie, ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}) },
      body: JSON.stringify({ orderId }),
    });
  }

  /** The seed's naive endpoint (test mode only): a new PaymentIntent on every request. */
  naiveCharge(baseUrl: string, orderId: string, amount: number): Promise<Response> {
    return fetch(`${baseUrl}/api/test/naive-charge`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: this.cookie },
      body: JSON.stringify({ orderId, amount }),
    });
  }
}

// The merchant console as integration tests use it: a logged-in session, and paid orders.
import { expect } from "vitest";
import { stripeForTests } from "../../e2e/support/oracle";
import { db, orderWithIntent } from "./db";
import { appUrl, requireEnv } from "./env";
import { waitFor } from "./emulator";

/** A made-up client address per caller, so one test's wrong passwords never throttle another's. */
export function testClientAddress(): string {
  return `198.51.100.${Math.floor(Math.random() * 250) + 1}, ${Math.random().toString(36).slice(2)}`;
}

export function login(body: unknown, client = testClientAddress()) {
  return fetch(`${appUrl()}/api/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": client },
    body: JSON.stringify(body),
  });
}

/** The Cookie header of a fresh console session. */
export async function adminCookie(name = "Vitest"): Promise<string> {
  const res = await login({ name, password: requireEnv("ADMIN_PASSWORD") });
  expect(res.status).toBe(200);
  return res.headers.get("set-cookie")!.split(";")[0];
}

/** An order paid through the app's own endpoint and Stripe, once the webhook has marked it paid. */
export async function paidOrder(items = [{ productId: "linen-tote", quantity: 1 }]) {
  const { paymentIntentId, ...order } = await orderWithIntent(items);
  await stripeForTests().paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_visa" });
  await waitFor(() => db.order.findUniqueOrThrow({ where: { id: order.orderId } }), (o) => o.status === "paid");
  return { ...order, paymentIntentId };
}

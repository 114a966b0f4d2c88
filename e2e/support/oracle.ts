// The double-charge oracle, asked through the Stripe API so that it works unchanged against
// Stripe test mode: for one order, every PaymentIntent Stripe knows and every succeeded charge.
import Stripe from "stripe";

export interface OrderMoney {
  paymentIntents: Stripe.PaymentIntent[];
  succeededCharges: Stripe.Charge[];
}

export function stripeForTests(): Stripe {
  const secret = process.env.STRIPE_SECRET_KEY;
  if (secret) return new Stripe(secret);
  const emulator = new URL(process.env.STRIPE_EMULATOR_URL ?? "http://127.0.0.1:12111");
  return new Stripe("sk_test_chargeonce_emulator", {
    host: emulator.hostname,
    port: Number(emulator.port),
    protocol: emulator.protocol.replace(":", "") as "http",
  });
}

export async function moneyForOrder(stripe: Stripe, orderId: string): Promise<OrderMoney> {
  const paymentIntents: Stripe.PaymentIntent[] = [];
  for await (const pi of stripe.paymentIntents.search({ query: `metadata['orderId']:'${orderId}'`, limit: 100 })) {
    paymentIntents.push(pi);
  }
  const succeededCharges: Stripe.Charge[] = [];
  for (const pi of paymentIntents) {
    for await (const charge of stripe.charges.list({ payment_intent: pi.id, limit: 100 })) {
      if (charge.status === "succeeded") succeededCharges.push(charge);
    }
  }
  return { paymentIntents, succeededCharges };
}

/**
 * Stripe's search is eventually consistent (up to about a minute in test mode); the
 * emulator's is immediate. Poll until what we expect has appeared, then report what is there.
 */
export async function settledMoneyForOrder(
  stripe: Stripe,
  orderId: string,
  expected: (m: OrderMoney) => boolean,
  timeoutMs = process.env.STRIPE_SECRET_KEY ? 90_000 : 5_000,
): Promise<OrderMoney> {
  const deadline = Date.now() + timeoutMs;
  let money = await moneyForOrder(stripe, orderId);
  while (!expected(money) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    money = await moneyForOrder(stripe, orderId);
  }
  return money;
}

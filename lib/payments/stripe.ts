// The one place that decides which Stripe the app talks to. With STRIPE_SECRET_KEY set it
// is the real Stripe; without, the local emulator (stripe-emulator/) through the same SDK.
import Stripe from "stripe";

export interface StripeSettings {
  mode: "stripe" | "emulator";
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  /** Where the browser loads the emulator's Stripe.js from; undefined with real Stripe. */
  emulatorUrl?: string;
}

export const EMULATOR_DEFAULTS = {
  url: "http://127.0.0.1:12111",
  secretKey: "sk_test_chargeonce_emulator",
  publishableKey: "pk_test_chargeonce_emulator",
  webhookSecret: "whsec_chargeonce_emulator_local_secret",
} as const;

export function stripeSettings(env: NodeJS.ProcessEnv = process.env): StripeSettings {
  if (env.STRIPE_SECRET_KEY) {
    return {
      mode: "stripe",
      secretKey: env.STRIPE_SECRET_KEY,
      publishableKey: env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY ?? "",
      webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? "",
    };
  }
  return {
    mode: "emulator",
    secretKey: EMULATOR_DEFAULTS.secretKey,
    publishableKey: EMULATOR_DEFAULTS.publishableKey,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? EMULATOR_DEFAULTS.webhookSecret,
    emulatorUrl: env.STRIPE_EMULATOR_URL ?? EMULATOR_DEFAULTS.url,
  };
}

export function createStripeClient(settings: StripeSettings = stripeSettings()): Stripe {
  const common = {
    // The SDK retries network errors, 409s and 5xx with the same Idempotency-Key.
    maxNetworkRetries: 2,
    timeout: Number(process.env.STRIPE_TIMEOUT_MS ?? 20_000),
    appInfo: { name: "ChargeOnce" },
  } satisfies Stripe.StripeConfig;
  if (settings.mode === "stripe") return new Stripe(settings.secretKey, common);
  const url = new URL(settings.emulatorUrl!);
  return new Stripe(settings.secretKey, {
    ...common,
    host: url.hostname,
    port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
    protocol: url.protocol.replace(":", "") as "http" | "https",
  });
}

const globalForStripe = globalThis as unknown as { stripeClient?: Stripe };

export function stripe(): Stripe {
  return (globalForStripe.stripeClient ??= createStripeClient());
}

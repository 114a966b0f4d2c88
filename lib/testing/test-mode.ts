// Test mode switches on what only QA may use: fault points and the naive control flow.
// It can never be on against real Stripe.
export function isTestMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CHARGEONCE_TEST_MODE === "1" && !env.STRIPE_SECRET_KEY;
}

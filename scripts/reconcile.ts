// `npm run reconcile`: ask Stripe what exists for every recent order and repair the database.
// Uses DATABASE_URL, or the embedded database of a running `npm start`.
//   --refund-duplicates   refund a second successful charge (default: only flag it)
//   --order <id>          one order only
import "dotenv/config";
import { EMULATOR_DEFAULTS } from "../lib/payments/stripe";

process.env.DATABASE_URL ??= `postgresql://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_POSTGRES_PORT ?? 54329}/chargeonce`;
// The same emulator `npm start` runs (STRIPE_EMULATOR_PORT), unless its URL is given outright.
process.env.STRIPE_EMULATOR_URL ??= process.env.STRIPE_EMULATOR_PORT ? `http://127.0.0.1:${process.env.STRIPE_EMULATOR_PORT}` : EMULATOR_DEFAULTS.url;
const args = process.argv.slice(2);
const refundDuplicates = args.includes("--refund-duplicates") || process.env.RECONCILE_REFUND_DUPLICATES === "1";
const only = args.includes("--order") ? args[args.indexOf("--order") + 1] : undefined;

const { db } = await import("../lib/db");
const { stripe } = await import("../lib/payments/stripe");
const { formatSummary, reconcileAll, reconcileOrder } = await import("../lib/payments/reconcile");

try {
  if (only) {
    const actions = await reconcileOrder({ db, stripe: stripe() }, only, { refundDuplicates });
    console.log(actions.length ? actions.map((a) => `${a.kind} ${a.paymentIntentId}`).join("\n") : "Nothing to repair.");
  } else {
    const summary = await reconcileAll({ db, stripe: stripe() }, {
      refundDuplicates,
      onProgress: (done, total) => process.stdout.isTTY && process.stdout.write(`\r  ${done}/${total} orders`),
    });
    if (process.stdout.isTTY) process.stdout.write("\n");
    console.log(formatSummary(summary));
    process.exitCode = summary.errors.length ? 1 : 0;
  }
} catch (err) {
  console.error(`Reconcile failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}

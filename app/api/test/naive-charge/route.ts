// The naive control's /api/charge (test mode only; 404 everywhere else).
import { AppError } from "@/lib/errors";
import { handle, json, readJson } from "@/lib/http/request";
import { stripe } from "@/lib/payments/stripe";
import { toAppError } from "@/lib/payments/stripe-errors";
import { naiveCharge, naiveChargeSchema } from "@/lib/testing/naive-charge";
import { isTestMode } from "@/lib/testing/test-mode";

export const dynamic = "force-dynamic";

export const POST = handle(async (request) => {
  if (!isTestMode()) throw new AppError("not_found", "Not found.");
  const input = await readJson(request, naiveChargeSchema);
  return json(200, await naiveCharge(stripe(), input).catch((err) => Promise.reject(toAppError(err))));
});

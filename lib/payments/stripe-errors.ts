import Stripe from "stripe";
import { AppError } from "@/lib/errors";

/** Turns a failed Stripe call into an error the shopper's browser can act on (retry or not). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof Stripe.errors.StripeError) {
    const transient =
      err instanceof Stripe.errors.StripeConnectionError ||
      err instanceof Stripe.errors.StripeRateLimitError ||
      err instanceof Stripe.errors.StripeAPIError ||
      err.statusCode === 409 ||
      (err.statusCode ?? 0) >= 500;
    if (transient) {
      return new AppError("payment_provider_unavailable", "The payment provider is not answering right now. Please try again in a moment.", {
        retryAfterSeconds: 2,
      });
    }
    return new AppError("payment_provider_error", `The payment provider refused the request: ${err.message}`);
  }
  return new AppError("internal_error", "Something went wrong on our side. Please try again.");
}

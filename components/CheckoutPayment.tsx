"use client";
import { Elements } from "@stripe/react-stripe-js";
import { useEffect, useMemo, useRef, useState } from "react";
import { loadStripeForPage } from "@/lib/client/load-stripe";
import { errorMessage, newIdempotencyKey, postJsonWithRetry } from "@/lib/client/post-with-retry";
import { AutoRefresh } from "./AutoRefresh";
import { PaymentForm } from "./PaymentForm";

interface Props {
  orderId: string;
  amount: number;
  currency: string;
  initialStatus: string;
  publishableKey: string;
  emulatorScriptUrl?: string;
  /** Test mode only (the page passes it from ?chargeTimeoutMs=): a shorter client timeout for the slow-network spec. */
  chargeTimeoutMs?: number;
}

interface ChargeBody {
  clientSecret: string;
  paymentIntentId: string;
  status: string;
}

type Intent = { state: "loading" } | { state: "ready"; clientSecret: string } | { state: "error"; message: string; fatal: boolean };

export function CheckoutPayment({ orderId, initialStatus, publishableKey, emulatorScriptUrl, chargeTimeoutMs }: Props) {
  // Stripe.js loads in the browser only; the server renders the loading state.
  const stripePromise = useMemo(
    () => (typeof window === "undefined" ? null : loadStripeForPage(publishableKey, emulatorScriptUrl)),
    [publishableKey, emulatorScriptUrl],
  );
  const [intent, setIntent] = useState<Intent>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  // One request per attempt, shared by StrictMode's double-run effect; one key per attempt.
  const request = useRef<{ attempt: number; promise: Promise<Intent> } | null>(null);

  useEffect(() => {
    if (initialStatus === "processing") return;
    if (request.current?.attempt !== attempt) {
      request.current = { attempt, promise: fetchClientSecret(orderId, chargeTimeoutMs) };
    }
    let active = true;
    request.current.promise.then((result) => active && setIntent(result));
    return () => {
      active = false;
    };
  }, [orderId, attempt, initialStatus, chargeTimeoutMs]);

  if (initialStatus === "processing") {
    return (
      <section className="card" aria-label="Payment">
        <div className="notice info" role="status">
          <span className="spinner" aria-hidden /> Your payment is processing. This page updates by itself — there is no need to pay again.
        </div>
        <AutoRefresh everyMs={2000} />
      </section>
    );
  }

  return (
    <section className="card" aria-label="Payment">
      <h2>Payment</h2>
      {intent.state === "loading" && (
        <div role="status" aria-live="polite">
          <div className="skeleton" aria-hidden />
          <p className="muted">
            <span className="spinner" aria-hidden /> Preparing secure payment…
          </p>
        </div>
      )}
      {intent.state === "error" && (
        <>
          <div className="notice error" role="alert">
            {intent.message}
          </div>
          {!intent.fatal && (
            <button
              className="button"
              onClick={() => {
                setIntent({ state: "loading" });
                setAttempt((a) => a + 1);
              }}
            >
              Try again
            </button>
          )}
        </>
      )}
      {intent.state === "ready" && (
        <Elements stripe={stripePromise} options={{ clientSecret: intent.clientSecret, appearance: { theme: "stripe" } }}>
          <PaymentForm orderId={orderId} clientSecret={intent.clientSecret} />
        </Elements>
      )}
    </section>
  );
}

async function fetchClientSecret(orderId: string, timeoutMs?: number): Promise<Intent> {
  try {
    const res = await postJsonWithRetry<ChargeBody>("/api/charge", { orderId }, { idempotencyKey: newIdempotencyKey("charge"), timeoutMs });
    if (res.status === 200) return { state: "ready", clientSecret: res.body.clientSecret };
    if (res.status === 409 && (res.body as unknown as { error?: { code?: string } }).error?.code === "order_already_paid") {
      // Paid meanwhile (another tab): reload the page, which then shows the receipt.
      window.location.reload();
      return { state: "loading" };
    }
    return { state: "error", message: errorMessage(res.body) ?? `Could not prepare the payment (HTTP ${res.status}).`, fatal: res.status < 500 && res.status !== 409 };
  } catch (err) {
    return { state: "error", message: err instanceof Error ? err.message : "Could not prepare the payment.", fatal: false };
  }
}

"use client";
// The incident's checkout, close to verbatim (/work/shared/INCIDENT.md), as a control for the
// double-charge suite: the button re-enables on completion, and fetchWithRetry fires a new
// request after a client timeout while the first one may still be running, against a handler
// that creates a new PaymentIntent per request. Rendered only by the test-mode-only page
// app/test/naive-checkout. Never reuse any of this: it is the bug.
import { CardElement, Elements, useElements, useStripe } from "@stripe/react-stripe-js";
import { useMemo, useState } from "react";
import { loadStripeForPage } from "@/lib/client/load-stripe";

export function NaiveCheckout(props: { orderId: string; amount: number; publishableKey: string; emulatorScriptUrl?: string }) {
  const stripePromise = useMemo(
    () => (typeof window === "undefined" ? null : loadStripeForPage(props.publishableKey, props.emulatorScriptUrl)),
    [props.publishableKey, props.emulatorScriptUrl],
  );
  return (
    <section className="card" aria-label="Payment">
      <Elements stripe={stripePromise}>
        <div className="payment-element">
          <CardElement />
        </div>
        <CheckoutButton orderId={props.orderId} amount={props.amount} />
      </Elements>
    </section>
  );
}

// Frontend: double-charge vector
function CheckoutButton({ orderId, amount }: { orderId: string; amount: number }) {
  const stripe = useStripe();
  const elements = useElements();
  const [loading, setLoading] = useState(false);
  const [error, showError] = useState<string | null>(null);
  const handlePay = async () => {
    setLoading(true);
    try {
      const res = await fetchWithRetry("/api/test/naive-charge", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ orderId, amount }),
      });
      const { clientSecret } = await res.json();
      await stripe!.confirmCardPayment(clientSecret, { payment_method: { card: elements!.getElement(CardElement)! } });
    } catch {
      showError("Payment failed");
    }
    setLoading(false); // re-enables button!
  };
  return (
    <>
      {error && (
        <div className="notice error" role="alert">
          {error}
        </div>
      )}
      <button className="button block" onClick={handlePay} disabled={loading} data-testid="pay-button">
        Pay Now
      </button>
    </>
  );
}

// fetchWithRetry: retries on timeout, but original request may still be in-flight
async function fetchWithRetry(url: string, opts: RequestInit, retries = 3, timeout = 5000): Promise<Response> {
  for (let i = 0; i < retries; i++) {
    try {
      const ctrl = new AbortController();
      const timer = setTimeout(() => ctrl.abort(), timeout);
      const res = await fetch(url, { ...opts, signal: ctrl.signal });
      clearTimeout(timer);
      return res;
    } catch {
      if (i === retries - 1) throw new Error("Failed");
    }
  }
  throw new Error("Failed");
}

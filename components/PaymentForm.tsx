"use client";
import { PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";

type Phase = "idle" | "paying" | "succeeded";

/**
 * The Pay button is disabled from the click until a final outcome, and stays disabled after
 * success (the page then moves to the receipt). After a decline the shopper may try another
 * card: the same PaymentIntent is confirmed again, so there is never a second one.
 */
export function PaymentForm({ orderId, clientSecret }: { orderId: string; clientSecret: string }) {
  const stripe = useStripe();
  const elements = useElements();
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>("idle");
  const [ready, setReady] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // A ref, not state: a second click in the same frame sees it before React re-renders.
  const busy = useRef(false);

  function finish(paymentIntentId: string, status: string) {
    setPhase("succeeded");
    router.replace(`/checkout/${orderId}/complete?payment_intent=${encodeURIComponent(paymentIntentId)}&redirect_status=${status}`);
  }

  function retryable(text: string | null) {
    setMessage(text);
    busy.current = false;
    setPhase("idle");
  }

  async function pay(event: FormEvent) {
    event.preventDefault();
    if (busy.current || !stripe || !elements) return;
    busy.current = true;
    setPhase("paying");
    setMessage(null);

    // Incomplete or invalid card details are shown by the Payment Element itself, next to the field.
    const { error: submitError } = await elements.submit();
    if (submitError) return retryable(submitError.type === "validation_error" ? null : (submitError.message ?? "Please check your card details."));

    const { error, paymentIntent } = await stripe.confirmPayment({
      elements,
      confirmParams: { return_url: `${window.location.origin}/checkout/${orderId}/complete` },
      redirect: "if_required",
    });
    if (!error) return finish(paymentIntent.id, paymentIntent.status);

    // The confirm failed or its answer was lost: ask Stripe what really happened before
    // offering the button again.
    const { paymentIntent: current } = await stripe.retrievePaymentIntent(clientSecret).catch(() => ({ paymentIntent: undefined }));
    if (current && (current.status === "succeeded" || current.status === "processing")) return finish(current.id, current.status);
    retryable(error.message ?? "The payment did not go through. Please try again.");
  }

  const label = phase === "paying" ? "Processing…" : phase === "succeeded" ? "Paid" : "Pay";
  return (
    <form onSubmit={pay} aria-busy={phase === "paying"}>
      <div className="payment-element">
        {/* A new card typed after a decline clears the old message. */}
        <PaymentElement onReady={() => setReady(true)} onChange={() => phase === "idle" && setMessage(null)} />
      </div>
      {message && (
        <div className="notice error" role="alert" data-testid="payment-error">
          {message}
        </div>
      )}
      <button type="submit" className="button block" disabled={!stripe || !ready || phase !== "idle"} data-testid="pay-button">
        {phase === "paying" && <span className="spinner" aria-hidden />}
        {label}
      </button>
      {phase === "paying" && (
        <p className="muted" role="status">
          Confirming your payment — please don’t close this page.
        </p>
      )}
    </form>
  );
}

"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { errorMessage, newIdempotencyKey, postJsonWithRetry } from "@/lib/client/post-with-retry";
import { formatMoney, parseMoney } from "@/lib/money";

/**
 * Refund, behind a confirmation dialog. One Idempotency-Key per refund attempt: a double click
 * or a retry after a lost answer sends the same key, so the server refunds once. The key is
 * dropped only after a definite answer, or when the amount changes (another refund).
 */
export function RefundDialog({ orderId, currency, remaining }: { orderId: string; currency: string; remaining: number }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const attempt = useRef<{ key: string; amount: number } | null>(null);
  const inFlight = useRef(false);
  const [mode, setMode] = useState<"full" | "partial">("full");
  const [partial, setPartial] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const typed = mode === "full" ? remaining : parseMoney(partial, currency);
  // What the confirm button would refund, or null while the amount is not a valid one.
  const amount = typed !== null && typed > 0 && typed <= remaining ? typed : null;

  function open() {
    setError(null);
    setDone(null);
    dialog.current?.showModal();
  }

  async function confirm() {
    if (inFlight.current || amount === null) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    if (attempt.current?.amount !== amount) attempt.current = { key: newIdempotencyKey("refund"), amount };
    try {
      const res = await postJsonWithRetry<{ refund: { id: string; amount: number } }>(
        "/api/admin/refunds",
        mode === "full" ? { orderId } : { orderId, amount },
        { idempotencyKey: attempt.current.key },
      );
      attempt.current = null; // a definite answer: the next refund is another attempt
      if (res.status === 201) {
        dialog.current?.close();
        setDone(`Refunded ${formatMoney(res.body.refund.amount, currency)} (${res.body.refund.id}).`);
        setPartial("");
        router.refresh();
      } else {
        setError(errorMessage(res.body) ?? `The refund was refused (HTTP ${res.status}).`);
      }
    } catch (err) {
      // No definite answer: keep the key, so trying again cannot refund twice.
      setError(err instanceof Error ? err.message : "The refund could not be sent.");
    }
    inFlight.current = false;
    setBusy(false);
  }

  return (
    <>
      <button type="button" className="button" onClick={open} disabled={remaining <= 0}>
        Refund…
      </button>
      <div role="status" aria-live="polite">
        {done && (
          <div className="notice success" data-testid="refund-result">
            {done}
          </div>
        )}
      </div>
      <dialog ref={dialog} className="admin-dialog" aria-labelledby="refund-title" onClose={() => setError(null)}>
        <h2 id="refund-title">Refund this payment?</h2>
        <p className="muted">
          {formatMoney(remaining, currency)} is left to refund on this order. Stripe returns the money to the customer&apos;s card; this cannot be undone.
        </p>
        <fieldset className="refund-choice">
          <legend className="visually-hidden">Refund amount</legend>
          <label>
            <input type="radio" name="refund-mode" checked={mode === "full"} onChange={() => setMode("full")} />
            Full refund of what is left ({formatMoney(remaining, currency)})
          </label>
          <label>
            <input type="radio" name="refund-mode" checked={mode === "partial"} onChange={() => setMode("partial")} />
            Partial refund
          </label>
          {mode === "partial" && (
            <label className="amount">
              Amount to refund ({currency.toUpperCase()})
              <input inputMode="decimal" value={partial} onChange={(e) => setPartial(e.target.value)} placeholder="12.50" autoFocus />
            </label>
          )}
        </fieldset>
        {mode === "partial" && partial && amount === null && (
          <p className="field-error" role="alert">
            Enter an amount above zero and at most {formatMoney(remaining, currency)}.
          </p>
        )}
        {error && (
          <div className="notice error" role="alert" data-testid="refund-error">
            {error}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" className="button secondary" onClick={() => dialog.current?.close()} disabled={busy}>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={confirm} disabled={busy || amount === null} data-testid="confirm-refund">
            {busy && <span className="spinner" aria-hidden />}
            {amount === null ? "Refund" : `Refund ${formatMoney(amount, currency)}`}
          </button>
        </div>
      </dialog>
    </>
  );
}

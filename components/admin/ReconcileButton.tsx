"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage } from "@/lib/client/post-with-retry";
import type { ReconcileAction, ReconcileSummary } from "@/lib/payments/reconcile";

/** Runs the reconciler for one order (with orderId) or for all recent orders, and says what it did. */
export function ReconcileButton({ orderId, label }: { orderId?: string; label: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  async function run() {
    setBusy(true);
    setResult(null);
    try {
      const res = await fetch(orderId ? `/api/admin/orders/${encodeURIComponent(orderId)}/reconcile` : "/api/admin/reconcile", { method: "POST" });
      const body = await res.json().catch(() => null);
      if (!res.ok) setResult({ tone: "error", text: errorMessage(body) ?? `Reconcile failed (HTTP ${res.status}).` });
      else setResult({ tone: "success", text: orderId ? describeActions((body as { actions: ReconcileAction[] }).actions) : describeSummary(body as ReconcileSummary) });
      router.refresh();
    } catch {
      setResult({ tone: "error", text: "Could not reach the server. Try again." });
    }
    setBusy(false);
  }

  return (
    <div className="reconcile">
      <button type="button" className="button secondary" onClick={run} disabled={busy}>
        {busy && <span className="spinner" aria-hidden />}
        {label}
      </button>
      <div role="status" aria-live="polite" data-testid="reconcile-result">
        {result && <div className={`notice ${result.tone}`}>{result.text}</div>}
      </div>
    </div>
  );
}

function describeActions(actions: ReconcileAction[]): string {
  if (!actions.length) return "In line with Stripe: nothing to repair.";
  return `Repaired: ${actions.map((a) => `${a.kind.replaceAll("_", " ")} (${a.paymentIntentId})`).join(", ")}.`;
}

function describeSummary(summary: ReconcileSummary): string {
  const done = Object.entries(summary.actions)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind.replaceAll("_", " ")}`);
  const errors = summary.errors.length ? ` ${summary.errors.length} could not be checked (${summary.errors[0].message}).` : "";
  return `Checked ${summary.ordersChecked} orders: ${done.length ? done.join(", ") : "nothing to repair"}.${errors}`;
}

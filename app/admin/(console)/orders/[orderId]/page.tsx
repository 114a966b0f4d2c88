import Link from "next/link";
import { notFound } from "next/navigation";
import { PaymentIntentLink } from "@/components/admin/PaymentIntentLink";
import { ReconcileButton } from "@/components/admin/ReconcileButton";
import { RefundDialog } from "@/components/admin/RefundDialog";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { findOrderDetail, type TimelineEntry } from "@/lib/admin/order-detail";
import { paymentIntentAtStripe, type LiveView } from "@/lib/admin/stripe-view";
import { db } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { isPaid } from "@/lib/orders/state-machine";
import { stripe } from "@/lib/payments/stripe";
import { requireAdminPage } from "../../../require-admin";

export const dynamic = "force-dynamic";

export default async function OrderDetailPage({ params }: { params: Promise<{ orderId: string }> }) {
  await requireAdminPage();
  const { orderId } = await params;
  const detail = await findOrderDetail(db, orderId);
  if (!detail) notFound();
  const { order, timeline } = detail;
  const live = order.paymentIntentId ? await paymentIntentAtStripe(stripe(), order.paymentIntentId) : null;
  const money = (amount: number) => formatMoney(amount, order.currency);
  // What Stripe says is left when it answers; our copy otherwise (the server checks Stripe anyway).
  const charge = live?.ok ? live.intent.latestCharge : null;
  const left = charge ? charge.amountCaptured - charge.amountRefunded : order.amount - order.amountRefunded;
  const refundable = Boolean(order.paymentIntentId) && isPaid(order.status);

  return (
    <>
      <p>
        <Link href="/admin/orders">← All orders</Link>
      </p>
      <div className="admin-heading">
        <h1>
          Order <code>{order.id}</code>
        </h1>
        <StatusBadge status={order.status} />
      </div>
      <div className="detail-grid">
        <section className="card" aria-labelledby="summary-title">
          <h2 id="summary-title">Summary</h2>
          <dl className="facts">
            <dt>Placed</dt>
            <dd>{order.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</dd>
            <dt>Items</dt>
            <dd>
              {order.items.map((i) => (
                <div key={i.id.toString()}>
                  {i.name} × {i.quantity} — {money(i.unitAmount * i.quantity)}
                </div>
              ))}
            </dd>
            <dt>Amount</dt>
            <dd>{money(order.amount)}</dd>
            <dt>Refunded</dt>
            <dd data-testid="amount-refunded">{money(order.amountRefunded)}</dd>
            <dt>PaymentIntent</dt>
            <dd>
              <PaymentIntentLink id={order.paymentIntentId} />
            </dd>
          </dl>
          <div className="actions">
            {refundable && <RefundDialog orderId={order.id} currency={order.currency} remaining={left} />}
            <ReconcileButton orderId={order.id} label="Reconcile with Stripe" />
          </div>
        </section>
        <StripeNow live={live} money={money} />
      </div>
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <ol className="timeline" data-testid="timeline">
          {timeline.map((entry, i) => (
            <TimelineItem key={i} entry={entry} />
          ))}
        </ol>
      </section>
    </>
  );
}

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  return (
    <li className={`timeline-entry ${entry.tone}`} data-source={entry.source}>
      <time dateTime={entry.at.toISOString()}>{entry.at.toISOString().slice(5, 23).replace("T", " ")}</time>
      <div>
        <div className="timeline-title">{entry.title}</div>
        {(entry.detail || entry.paymentIntentId) && (
          <div className="timeline-detail muted">
            {[entry.detail, entry.paymentIntentId].filter(Boolean).join(" · ")}
          </div>
        )}
      </div>
    </li>
  );
}

function StripeNow({ live, money }: { live: LiveView | null; money: (amount: number) => string }) {
  return (
    <section className="card" aria-labelledby="stripe-title" data-testid="stripe-now">
      <h2 id="stripe-title">At Stripe, now</h2>
      {!live && <p className="muted">No PaymentIntent yet: the customer has not reached payment.</p>}
      {live && !live.ok && (
        <div className="notice warn" role="status">
          {live.message}
        </div>
      )}
      {live?.ok && (
        <dl className="facts">
          <dt>PaymentIntent</dt>
          <dd>
            <code>{live.intent.id}</code>
          </dd>
          <dt>Status</dt>
          <dd>
            <code data-testid="stripe-status">{live.intent.status}</code>
          </dd>
          <dt>Amount</dt>
          <dd>
            {money(live.intent.amount)} (received {money(live.intent.amountReceived)})
          </dd>
          <dt>Created</dt>
          <dd>{live.intent.created.toISOString().replace("T", " ").slice(0, 19)} UTC</dd>
          {live.intent.latestCharge && (
            <>
              <dt>Charge</dt>
              <dd>
                <code>{live.intent.latestCharge.id}</code> {live.intent.latestCharge.status}, captured {money(live.intent.latestCharge.amountCaptured)}, refunded{" "}
                <span data-testid="stripe-refunded">{money(live.intent.latestCharge.amountRefunded)}</span>
              </dd>
            </>
          )}
          {live.intent.lastPaymentError && (
            <>
              <dt>Last error</dt>
              <dd>{live.intent.lastPaymentError}</dd>
            </>
          )}
          <dt>Refunds</dt>
          <dd>
            {live.intent.refunds.length === 0
              ? "none"
              : live.intent.refunds.map((r) => (
                  <div key={r.id}>
                    <code>{r.id}</code> {money(r.amount)} {r.status}
                  </div>
                ))}
          </dd>
        </dl>
      )}
    </section>
  );
}

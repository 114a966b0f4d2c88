import Link from "next/link";
import { formatMoney } from "@/lib/money";
import { OrderLines, type SummaryOrder } from "./OrderSummary";

/** Shown instead of any payment form once an order is paid: there is nothing left to pay. */
export function Receipt({ order, status, paymentIntentId }: { order: SummaryOrder; status: string; paymentIntentId: string | null }) {
  const refunded = status === "refunded" || status === "partially_refunded";
  return (
    <section className="card receipt" aria-label="Receipt" data-testid="receipt">
      <div className="notice success" role="status">
        {refunded ? "This order was paid and has since been refunded." : "Payment received — thank you! Your order is confirmed."}
      </div>
      <h2>Receipt</h2>
      <OrderLines order={order} className="receipt-items" />
      <dl>
        <dt>Order</dt>
        <dd>{order.id}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`badge ${status}`} data-testid="order-status">
            {status.replace("_", " ")}
          </span>
        </dd>
        <dt>Amount</dt>
        <dd>{formatMoney(order.amount, order.currency)}</dd>
        {paymentIntentId && (
          <>
            <dt>Payment</dt>
            <dd>{paymentIntentId}</dd>
          </>
        )}
      </dl>
      <Link href="/" className="button secondary">
        Continue shopping
      </Link>
    </section>
  );
}

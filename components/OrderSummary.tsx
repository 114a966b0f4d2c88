import { formatMoney } from "@/lib/money";

export interface SummaryOrder {
  id: string;
  amount: number;
  currency: string;
  items: { productId: string; name: string; unitAmount: number; quantity: number }[];
}

/** The order's lines, priced: shared by the summary and the receipt. */
export function OrderLines({ order, className }: { order: SummaryOrder; className?: string }) {
  return (
    <ul className={className}>
      {order.items.map((item) => (
        <li key={item.productId}>
          <span>
            {item.name} × {item.quantity}
          </span>
          <span>{formatMoney(item.unitAmount * item.quantity, order.currency)}</span>
        </li>
      ))}
    </ul>
  );
}

export function OrderSummary({ order }: { order: SummaryOrder }) {
  return (
    <section className="card summary" aria-label="Order summary">
      <h2>Order summary</h2>
      <OrderLines order={order} />
      <div className="total">
        <span>Total</span>
        <span data-testid="order-total">{formatMoney(order.amount, order.currency)}</span>
      </div>
      <p className="muted">
        Order <code>{order.id}</code>
      </p>
    </section>
  );
}

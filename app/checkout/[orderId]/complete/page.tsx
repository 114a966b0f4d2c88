import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/AutoRefresh";
import { ClearCart } from "@/components/ClearCart";
import { OrderSummary } from "@/components/OrderSummary";
import { Receipt } from "@/components/Receipt";
import { db } from "@/lib/db";
import { canViewOrder } from "@/app/checkout/order-access";
import { findOrderWithItems } from "@/lib/orders/queries";
import { isPaid } from "@/lib/orders/state-machine";
import { stripe } from "@/lib/payments/stripe";
import { refreshOrderFromStripe } from "@/lib/payments/sync";

export const dynamic = "force-dynamic";

// Stripe's return_url. The query string is only a hint: the outcome shown is read from the
// order's own PaymentIntent at Stripe.
export default async function CompletePage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  const order = await findOrderWithItems(db, orderId);
  if (!order || !(await canViewOrder(order))) notFound();
  const summary = { id: order.id, amount: order.amount, currency: order.currency, items: order.items };

  let refreshed;
  try {
    refreshed = await refreshOrderFromStripe({ db, stripe: stripe() }, order, "return_page");
  } catch {
    return (
      <>
        <h1>Checking your payment</h1>
        <div className="notice warn" role="alert">
          We could not reach the payment provider to confirm your payment. Your card has not been charged twice — please
          reload this page in a moment.
        </div>
        <AutoRefresh everyMs={3000} />
      </>
    );
  }
  const { status, intent } = refreshed;

  if (isPaid(status)) {
    return (
      <>
        <h1>Thank you!</h1>
        <ClearCart />
        <Receipt order={summary} status={status} paymentIntentId={order.paymentIntentId} />
      </>
    );
  }
  if (intent?.status === "processing" || status === "processing") {
    return (
      <>
        <h1>Payment processing</h1>
        <div className="notice info" role="status">
          <span className="spinner" aria-hidden /> Your payment is being processed. This page updates by itself.
        </div>
        <AutoRefresh everyMs={2000} />
        <OrderSummary order={summary} />
      </>
    );
  }
  const failure = intent?.last_payment_error?.message;
  return (
    <>
      <h1>Payment not completed</h1>
      <div className="notice error" role="alert" data-testid="payment-error">
        {failure ?? "The payment was not completed."} You have not been charged.
      </div>
      {status !== "canceled" && (
        <Link className="button" href={`/checkout/${order.id}`}>
          Try another card
        </Link>
      )}
      <div style={{ marginTop: "1rem" }}>
        <OrderSummary order={summary} />
      </div>
    </>
  );
}

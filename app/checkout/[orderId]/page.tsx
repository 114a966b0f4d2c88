import { notFound } from "next/navigation";
import { CheckoutPayment } from "@/components/CheckoutPayment";
import { OrderSummary, type SummaryOrder } from "@/components/OrderSummary";
import { Receipt } from "@/components/Receipt";
import { db } from "@/lib/db";
import { canViewOrder } from "@/app/checkout/order-access";
import { findOrderWithItems } from "@/lib/orders/queries";
import { isPaid } from "@/lib/orders/state-machine";
import { stripe, stripeSettings } from "@/lib/payments/stripe";
import { refreshOrderFromStripe } from "@/lib/payments/sync";
import { isTestMode } from "@/lib/testing/test-mode";

export const dynamic = "force-dynamic";

export default async function CheckoutPage({
  params,
  searchParams,
}: {
  params: Promise<{ orderId: string }>;
  searchParams: Promise<{ chargeTimeoutMs?: string }>;
}) {
  const { orderId } = await params;
  const order = await findOrderWithItems(db, orderId);
  if (!order || !(await canViewOrder(order))) notFound();

  // A shopper coming back (reload, Back) sees what Stripe says now, even before the webhook.
  const { status } = await refreshOrderFromStripe({ db, stripe: stripe() }, order, "checkout_page").catch(() => ({ status: order.status }));
  const summary: SummaryOrder = { id: order.id, amount: order.amount, currency: order.currency, items: order.items };

  if (isPaid(status)) {
    return (
      <>
        <h1>Order paid</h1>
        <Receipt order={summary} status={status} paymentIntentId={order.paymentIntentId} />
      </>
    );
  }
  if (status === "canceled") {
    return (
      <>
        <h1>Order canceled</h1>
        <div className="notice warn">This order was canceled and can no longer be paid.</div>
      </>
    );
  }
  const settings = stripeSettings();
  return (
    <>
      <h1>Checkout</h1>
      <div className="checkout">
        <CheckoutPayment
          orderId={order.id}
          amount={order.amount}
          currency={order.currency}
          initialStatus={status}
          publishableKey={settings.publishableKey}
          emulatorScriptUrl={settings.emulatorUrl ? `${settings.emulatorUrl}/js/stripe.js` : undefined}
          chargeTimeoutMs={testChargeTimeoutMs(await searchParams)}
        />
        <OrderSummary order={summary} />
      </div>
    </>
  );
}

/** QA's slow-network spec shortens the browser's charge timeout; ignored outside test mode. */
function testChargeTimeoutMs({ chargeTimeoutMs }: { chargeTimeoutMs?: string }): number | undefined {
  const ms = Number(chargeTimeoutMs);
  return isTestMode() && Number.isInteger(ms) && ms >= 100 && ms <= 60_000 ? ms : undefined;
}

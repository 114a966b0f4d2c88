// The naive control's checkout page (test mode only; 404 everywhere else): the incident's
// CheckoutButton, so the e2e suite can show its oracle catches a double charge.
import { notFound } from "next/navigation";
import { canViewOrder } from "@/app/checkout/order-access";
import { NaiveCheckout } from "@/components/naive/CheckoutButton";
import { db } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { findOrderWithItems } from "@/lib/orders/queries";
import { stripeSettings } from "@/lib/payments/stripe";
import { isTestMode } from "@/lib/testing/test-mode";

export const dynamic = "force-dynamic";

export default async function NaiveCheckoutPage({ params }: { params: Promise<{ orderId: string }> }) {
  if (!isTestMode()) notFound();
  const { orderId } = await params;
  const order = await findOrderWithItems(db, orderId);
  if (!order || !(await canViewOrder(order))) notFound();
  const settings = stripeSettings();
  return (
    <>
      <h1>Naive checkout (test control)</h1>
      <div className="notice warn">The incident&apos;s flow, kept to prove the double-charge suite can fail. Test mode only.</div>
      <p>
        Order {order.id}: <span data-testid="order-total">{formatMoney(order.amount, order.currency)}</span>
      </p>
      <NaiveCheckout
        orderId={order.id}
        amount={order.amount}
        publishableKey={settings.publishableKey}
        emulatorScriptUrl={settings.emulatorUrl ? `${settings.emulatorUrl}/js/stripe.js` : undefined}
      />
    </>
  );
}

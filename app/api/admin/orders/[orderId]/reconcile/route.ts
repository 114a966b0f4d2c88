import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/request";
import { reconcileOrder } from "@/lib/payments/reconcile";
import { stripe } from "@/lib/payments/stripe";
import { toAppError } from "@/lib/payments/stripe-errors";
import { adminHandler } from "../../../admin-handler";

export const dynamic = "force-dynamic";

export const POST = adminHandler<{ params: Promise<{ orderId: string }> }>(async (_request, _admin, { params }) => {
  const { orderId } = await params;
  const exists = orderId.length <= 64 && (await db.order.count({ where: { id: orderId } })) === 1;
  if (!exists) throw new AppError("order_not_found", "No order with this id.");
  const actions = await reconcileOrder({ db, stripe: stripe() }, orderId).catch((err) => {
    throw toAppError(err);
  });
  return json(200, { orderId, actions });
});

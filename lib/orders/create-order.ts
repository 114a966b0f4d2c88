// Places an order from a cart. Prices come from the database catalog, never the browser.
import type { PrismaClient } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { randomId } from "@/lib/ids";

export const MAX_QUANTITY = 99;
export const MAX_LINES = 20;

export interface CartLine {
  productId: string;
  quantity: number;
}

export interface PlacedOrder {
  orderId: string;
  status: string;
  amount: number;
  currency: string;
  items: { productId: string; name: string; unitAmount: number; quantity: number }[];
}

export async function placeOrder(db: PrismaClient, lines: CartLine[], owner: { ownerHash?: string | null } = {}): Promise<PlacedOrder> {
  const quantities = new Map<string, number>();
  for (const line of lines) quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity);
  for (const [productId, quantity] of quantities) {
    if (quantity > MAX_QUANTITY) {
      throw new AppError("invalid_request", `At most ${MAX_QUANTITY} of one product per order (${productId}).`);
    }
  }

  const products = await db.product.findMany({ where: { id: { in: [...quantities.keys()] }, active: true } });
  const byId = new Map(products.map((p) => [p.id, p]));
  const unknown = [...quantities.keys()].filter((id) => !byId.has(id));
  if (unknown.length) {
    throw new AppError("unknown_product", `Unknown product: ${unknown.map((id) => id.slice(0, 64)).join(", ")}.`);
  }
  const currencies = new Set(products.map((p) => p.currency));
  if (currencies.size !== 1) throw new AppError("invalid_request", "All products in one order must share a currency.");

  const items = [...quantities].map(([productId, quantity]) => {
    const product = byId.get(productId)!;
    return { productId, name: product.name, unitAmount: product.unitAmount, quantity };
  });
  const amount = items.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
  const order = await db.order.create({
    data: { id: randomId("ord"), amount, currency: products[0].currency, ownerHash: owner.ownerHash ?? null, items: { create: items } },
  });
  return { orderId: order.id, status: order.status, amount, currency: order.currency, items };
}

// Read models for the shop and checkout pages.
import type { PrismaClient } from "@/generated/prisma/client";

export function listProducts(db: PrismaClient) {
  return db.product.findMany({ where: { active: true }, orderBy: { unitAmount: "asc" } });
}

export function findOrderWithItems(db: PrismaClient, orderId: string) {
  if (orderId.length > 64 || orderId.includes("\u0000")) return Promise.resolve(null);
  return db.order.findUnique({
    where: { id: orderId },
    include: { items: { orderBy: { id: "asc" } } },
  });
}

export type OrderWithItems = NonNullable<Awaited<ReturnType<typeof findOrderWithItems>>>;

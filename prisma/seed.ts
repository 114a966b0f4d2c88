// Idempotent seed: upserts the catalog, so running it again changes nothing.
import { CATALOG } from "@/lib/orders/catalog-data";
import type { PrismaClient } from "@/generated/prisma/client";

export async function seed(db: PrismaClient): Promise<number> {
  for (const product of CATALOG) {
    await db.product.upsert({ where: { id: product.id }, create: product, update: product });
  }
  return CATALOG.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { db } = await import("@/lib/db");
  const count = await seed(db);
  console.log(`Seeded ${count} products.`);
  await db.$disconnect();
}

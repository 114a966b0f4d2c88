import { Shop } from "@/components/Shop";
import { db } from "@/lib/db";
import { listProducts } from "@/lib/orders/queries";

export const dynamic = "force-dynamic";

export default async function ShopPage() {
  const products = await listProducts(db);
  return (
    <>
      <h1>Shop</h1>
      <Shop
        products={products.map(({ id, name, description, unitAmount, currency, imagePath }) => ({
          id,
          name,
          description,
          unitAmount,
          currency,
          imagePath,
        }))}
      />
    </>
  );
}

"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { errorMessage, newIdempotencyKey, postJsonWithRetry, RequestFailedError } from "@/lib/client/post-with-retry";
import { formatMoney } from "@/lib/money";
import type { CatalogProduct } from "@/lib/orders/catalog-data";
import { useCart } from "./useCart";

export type ShopProduct = CatalogProduct;

export function Shop({ products }: { products: ShopProduct[] }) {
  const router = useRouter();
  const { cart, loaded, setQuantity } = useCart();
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One key per "Place order" attempt: a double click or a retry places one order.
  const attemptKey = useRef<string | null>(null);
  const inFlight = useRef(false);

  const lines = products.filter((p) => cart[p.id]).map((p) => ({ product: p, quantity: cart[p.id] }));
  const total = lines.reduce((sum, l) => sum + l.product.unitAmount * l.quantity, 0);
  const currency = products[0]?.currency ?? "usd";

  async function placeOrder() {
    if (inFlight.current || lines.length === 0) return;
    inFlight.current = true;
    setPlacing(true);
    setError(null);
    attemptKey.current ??= newIdempotencyKey("order");
    try {
      const items = lines.map((l) => ({ productId: l.product.id, quantity: l.quantity }));
      const res = await postJsonWithRetry<{ orderId: string }>("/api/orders", { items }, { idempotencyKey: attemptKey.current });
      if (res.status !== 201) throw new RequestFailedError(errorMessage(res.body) ?? `Could not place the order (HTTP ${res.status}).`);
      router.push(`/checkout/${res.body.orderId}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not place the order.");
      attemptKey.current = null; // the cart may change before the next attempt
      inFlight.current = false;
      setPlacing(false);
    }
  }

  return (
    <div className="shop">
      <section className="products" aria-label="Products">
        {products.map((p) => (
          <article key={p.id} className="card product" data-testid={`product-${p.id}`}>
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={p.imagePath} alt={p.name} width={260} height={260} />
            <h3>{p.name}</h3>
            <p>{p.description}</p>
            <div className="row">
              <span className="price">{formatMoney(p.unitAmount, p.currency)}</span>
              <button className="button" onClick={() => setQuantity(p.id, (cart[p.id] ?? 0) + 1)} aria-label={`Add ${p.name} to cart`}>
                Add to cart
              </button>
            </div>
          </article>
        ))}
      </section>
      <aside className="card cart" aria-label="Cart">
        <h2>Your cart</h2>
        {!loaded ? (
          <p className="muted">Loading cart…</p>
        ) : lines.length === 0 ? (
          <p className="muted">Your cart is empty. Add something you like.</p>
        ) : (
          <ul>
            {lines.map(({ product, quantity }) => (
              <li key={product.id} data-testid={`cart-line-${product.id}`}>
                <span>{product.name}</span>
                <span className="qty">
                  <button onClick={() => setQuantity(product.id, quantity - 1)} aria-label={`Remove one ${product.name}`} disabled={placing}>
                    −
                  </button>
                  <span aria-label={`${product.name} quantity`}>{quantity}</span>
                  <button onClick={() => setQuantity(product.id, quantity + 1)} aria-label={`Add one ${product.name}`} disabled={placing || quantity >= 99}>
                    +
                  </button>
                </span>
                <span>{formatMoney(product.unitAmount * quantity, product.currency)}</span>
              </li>
            ))}
          </ul>
        )}
        <div className="total">
          <span>Total</span>
          <span data-testid="cart-total">{formatMoney(total, currency)}</span>
        </div>
        {error && (
          <div className="notice error" role="alert">
            {error}
          </div>
        )}
        <button className="button block" onClick={placeOrder} disabled={!loaded || lines.length === 0 || placing}>
          {placing ? (
            <>
              <span className="spinner" aria-hidden /> Placing order…
            </>
          ) : (
            "Checkout"
          )}
        </button>
      </aside>
    </div>
  );
}

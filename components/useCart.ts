"use client";
// The cart lives in localStorage so it survives a reload; it holds product ids and
// quantities only — prices always come from the server.
import { useCallback, useEffect, useState } from "react";

export type Cart = Record<string, number>;
const STORAGE_KEY = "chargeonce.cart.v1";
const MAX_QUANTITY = 99;

function readCart(): Cart {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}");
    const cart: Cart = {};
    for (const [id, qty] of Object.entries(parsed)) {
      if (typeof qty === "number" && Number.isInteger(qty) && qty > 0) cart[id] = Math.min(qty, MAX_QUANTITY);
    }
    return cart;
  } catch {
    return {};
  }
}

export function useCart() {
  const [cart, setCart] = useState<Cart>({});
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    setCart(readCart());
    setLoaded(true);
    const onStorage = (e: StorageEvent) => e.key === STORAGE_KEY && setCart(readCart());
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);

  const update = useCallback((next: (cart: Cart) => Cart) => {
    setCart((current) => {
      const value = next(current);
      localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
      return value;
    });
  }, []);

  const setQuantity = useCallback(
    (productId: string, quantity: number) =>
      update((c) => {
        const next = { ...c };
        if (quantity <= 0) delete next[productId];
        else next[productId] = Math.min(quantity, MAX_QUANTITY);
        return next;
      }),
    [update],
  );

  const clear = useCallback(() => update(() => ({})), [update]);

  return { cart, loaded, setQuantity, clear };
}

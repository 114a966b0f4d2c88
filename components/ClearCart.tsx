"use client";
import { useEffect } from "react";
import { useCart } from "./useCart";

/** Empties the cart once its order is paid (the cart stays while the shopper is still paying). */
export function ClearCart() {
  const { loaded, clear } = useCart();
  useEffect(() => {
    if (loaded) clear();
  }, [loaded, clear]);
  return null;
}

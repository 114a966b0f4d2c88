// Loads Stripe.js. With real keys this is plain loadStripe (js.stripe.com). In emulator mode
// the page first loads the emulator's stand-in, which defines window.Stripe; loadStripe then
// uses it instead of injecting js.stripe.com. The /pure entry injects nothing until called.
import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";

const cache = new Map<string, Promise<Stripe | null>>();

export function loadStripeForPage(publishableKey: string, emulatorScriptUrl?: string): Promise<Stripe | null> {
  const cacheKey = `${publishableKey}|${emulatorScriptUrl ?? ""}`;
  let promise = cache.get(cacheKey);
  if (!promise) {
    promise = (emulatorScriptUrl ? injectScript(emulatorScriptUrl) : Promise.resolve()).then(() => loadStripe(publishableKey));
    promise.catch(() => cache.delete(cacheKey));
    cache.set(cacheKey, promise);
  }
  return promise;
}

function injectScript(src: string): Promise<void> {
  if ((window as { Stripe?: unknown }).Stripe) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Could not load the Stripe emulator's Stripe.js from ${src}. Is the emulator running?`));
    document.head.appendChild(script);
  });
}

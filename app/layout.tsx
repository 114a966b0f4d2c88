import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: "ChargeOnce — a checkout that charges once",
  description: "A Stripe checkout that never charges a customer twice.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            ChargeOnce
          </Link>
          <span className="tagline">Pay once. Exactly once.</span>
        </header>
        <main className="site-main">{children}</main>
      </body>
    </html>
  );
}

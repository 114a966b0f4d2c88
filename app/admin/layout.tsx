import type { Metadata } from "next";
import "./admin.css";

export const metadata: Metadata = { title: "ChargeOnce — merchant console" };

export default function AdminRootLayout({ children }: { children: React.ReactNode }) {
  return <div className="admin">{children}</div>;
}

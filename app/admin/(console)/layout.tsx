import Link from "next/link";
import { LogoutButton } from "@/components/admin/LogoutButton";
import { requireAdminPage } from "../require-admin";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const admin = await requireAdminPage();
  return (
    <>
      <nav className="admin-nav" aria-label="Merchant console">
        <Link href="/admin">Dashboard</Link>
        <Link href="/admin/orders">Orders</Link>
        <span className="admin-user">
          Signed in as <strong>{admin.name}</strong>
          <LogoutButton />
        </span>
      </nav>
      {children}
    </>
  );
}

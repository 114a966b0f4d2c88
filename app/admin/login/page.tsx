import { redirect } from "next/navigation";
import { LoginForm } from "@/components/admin/LoginForm";
import { currentAdmin } from "../require-admin";

export const dynamic = "force-dynamic";

export default async function AdminLoginPage() {
  if (await currentAdmin()) redirect("/admin");
  return (
    <section className="card admin-login">
      <h1>Merchant console</h1>
      <p className="muted">Log in with the console password (ADMIN_PASSWORD). Your name is recorded on the refunds you make.</p>
      <LoginForm />
    </section>
  );
}

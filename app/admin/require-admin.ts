// Every console page starts with this: no valid session, off to the login page.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { ADMIN_COOKIE, adminSessionFromCookie, LOGIN_PATH, type AdminSession } from "@/lib/admin/auth";

export async function currentAdmin(): Promise<AdminSession | null> {
  return adminSessionFromCookie((await cookies()).get(ADMIN_COOKIE)?.value);
}

export async function requireAdminPage(): Promise<AdminSession> {
  const admin = await currentAdmin();
  if (!admin) redirect(LOGIN_PATH);
  return admin;
}

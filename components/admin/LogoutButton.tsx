"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";

export function LogoutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);

  async function logOut() {
    setBusy(true);
    await fetch("/api/admin/logout", { method: "POST" }).catch(() => null);
    // Whatever the answer, the console is left: an expired session was logged out already.
    router.replace("/admin/login");
    router.refresh();
  }

  return (
    <button type="button" className="link-button" onClick={logOut} disabled={busy}>
      Log out
    </button>
  );
}

"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage } from "@/lib/client/post-with-retry";

export function LoginForm() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/admin/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: form.get("name"), password: form.get("password") }),
      });
      if (res.ok) {
        router.replace("/admin");
        router.refresh();
        return;
      }
      const retryAfter = res.headers.get("retry-after");
      const message = errorMessage(await res.json().catch(() => null)) ?? `Login failed (HTTP ${res.status}).`;
      setError(retryAfter ? `${message} (retry in ${retryAfter} s)` : message);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} className="admin-form" aria-label="Log in">
      {error && (
        <div className="notice error" role="alert" data-testid="login-error">
          {error}
        </div>
      )}
      <label>
        Your name
        <input name="name" autoComplete="username" required maxLength={64} />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required maxLength={256} />
      </label>
      <button type="submit" className="button block" disabled={busy}>
        {busy && <span className="spinner" aria-hidden />}
        Log in
      </button>
    </form>
  );
}

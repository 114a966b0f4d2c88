"use client";

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="notice error" role="alert">
      <p>This page could not be loaded{error.digest ? ` (reference ${error.digest})` : ""}. The database may be restarting.</p>
      <button type="button" className="button secondary" onClick={reset}>
        Try again
      </button>
    </div>
  );
}

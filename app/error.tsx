"use client";
// What a shopper sees when a page cannot be rendered, most often because the database is
// restarting. Server errors reach the browser without their message (only a digest), so this
// says what is true in every case: nothing was charged by loading a page, and retrying is safe.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { startTransition } from "react";

export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  // The failure happened on the server: fetch the page again, then leave the error state.
  const retry = () => startTransition(() => {
    router.refresh();
    reset();
  });
  return (
    <>
      <h1>Temporarily unavailable</h1>
      <div className="notice warn" role="alert">
        We could not load this page right now. Our service may be restarting — please try again in a moment. Loading this page
        never charges you.
      </div>
      <button type="button" className="button" onClick={retry}>
        Try again
      </button>{" "}
      <Link href="/">Back to the shop</Link>
    </>
  );
}

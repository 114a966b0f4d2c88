import Link from "next/link";

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p className="muted">There is no such page or order. Order links are private and exact — check that you copied the whole link.</p>
      <Link href="/" className="button">
        Back to the shop
      </Link>
    </>
  );
}

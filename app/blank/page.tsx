import { notFound } from "next/navigation";
import { isTestMode } from "@/lib/testing/test-mode";

export const dynamic = "force-dynamic";

// An empty page in the app's own layout: the baseline of the bundle benchmark (bench/run.ts).
export default function BlankPage() {
  if (!isTestMode()) notFound();
  return null;
}

import { methodNotAllowed } from "@/lib/http/request";

// Liveness for load balancers and the start/test scripts. Constant: it touches nothing.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true });
}

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const DELETE = POST;

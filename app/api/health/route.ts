// Liveness for load balancers and the start/test scripts. Constant: it touches nothing.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true });
}

// Every /api/admin route except login goes through this: no valid console session, 401.
import { requireAdmin, type AdminSession } from "@/lib/admin/auth";
import { handle } from "@/lib/http/request";

export function adminHandler<Ctx>(fn: (request: Request, admin: AdminSession, ctx: Ctx) => Promise<Response>) {
  return handle((request, ctx: Ctx) => fn(request, requireAdmin(request), ctx));
}

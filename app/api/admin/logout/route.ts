import { clearedAdminSessionCookie, isHttps } from "@/lib/admin/auth";
import { json } from "@/lib/http/request";
import { adminHandler } from "../admin-handler";

export const dynamic = "force-dynamic";

export const POST = adminHandler(async (request) => json(200, { loggedOut: true }, { "set-cookie": clearedAdminSessionCookie(isHttps(request)) }));

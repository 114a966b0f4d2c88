import { z } from "zod";
import { adminSessionCookie, clientAddress, isHttps, logIn } from "@/lib/admin/auth";
import { db } from "@/lib/db";
import { handle, json, readJson } from "@/lib/http/request";

export const dynamic = "force-dynamic";

const loginSchema = z.object({
  name: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const POST = handle(async (request) => {
  const { name, password } = await readJson(request, loginSchema);
  await logIn(db, { name, password, client: clientAddress(request) });
  return json(200, { name }, { "set-cookie": adminSessionCookie(name, isHttps(request)) });
});

import { db } from "@/lib/db";
import { json } from "@/lib/http/request";
import { reconcileAll } from "@/lib/payments/reconcile";
import { stripe } from "@/lib/payments/stripe";
import { adminHandler } from "../admin-handler";

export const dynamic = "force-dynamic";

export const POST = adminHandler(async () => json(200, await reconcileAll({ db, stripe: stripe() })));

// The services the app needs besides itself: the database and, without real Stripe keys,
// the Stripe emulator. Shared by `npm start`, `npm test` and the benchmarks.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createEmulator, type Emulator, type EmulatorOptions } from "../../stripe-emulator/src/index";
import { seed } from "../../prisma/seed";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../db/embedded-postgres";
import { migrate } from "../db/migrate";
import { ROOT } from "./next-app";

export async function startDatabase(opts: {
  dataDir: string;
  port: number;
  durable?: boolean;
  log?: (line: string) => void;
}): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  const external = process.env.DATABASE_URL;
  const embedded = external ? null : await startEmbeddedPostgres({ dataDir: opts.dataDir, port: opts.port, durable: opts.durable, log: opts.log });
  const url = external ?? embedded!.url;
  await migrate(url);
  process.env.DATABASE_URL = url;
  const { db } = await import("../../lib/db");
  await seed(db);
  await db.$disconnect();
  return { url, embedded };
}

export async function startStripeEmulator(opts: {
  port: number;
  stateFile?: string;
  webhookUrl?: string;
  webhookSecret: string;
  log?: (line: string) => void;
  options?: Omit<EmulatorOptions, "stateFile" | "webhookEndpoints" | "log">;
}): Promise<{ url: string; emulator: Emulator }> {
  const emulator = createEmulator({
    ...opts.options,
    stateFile: opts.stateFile,
    webhookEndpoints: opts.webhookUrl ? [{ url: opts.webhookUrl, secret: opts.webhookSecret }] : [],
    log: opts.log,
  });
  const { url } = await emulator.listen(opts.port, "127.0.0.1");
  return { url, emulator };
}

export const DATA_DIR = path.join(ROOT, ".data");

/** A random secret kept in .data/, so local restarts keep sessions valid. Never for production. */
export function localSecret(name: string): string {
  const file = path.join(DATA_DIR, name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

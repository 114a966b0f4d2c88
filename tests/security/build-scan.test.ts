// Nothing secret is shipped to browsers: every file under .next/static (what the server hands
// to anyone) is scanned for the secrets the test app runs with and for anything shaped like a
// Stripe secret key or webhook secret.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib/next-app";
import { EMULATOR_DEFAULTS } from "@/lib/payments/stripe";
import { requireEnv } from "../helpers/env";

const STATIC_DIR = path.join(ROOT, process.env.NEXT_DIST_DIR || ".next", "static");
const SECRET_SHAPES = [/sk_(test|live)_[0-9A-Za-z]/, /rk_(test|live)_[0-9A-Za-z]/, /whsec_[0-9A-Za-z]/];

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe("the browser build holds no secret", () => {
  it("no file under .next/static contains a secret value or a secret-shaped string", () => {
    const secrets = {
      STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY || EMULATOR_DEFAULTS.secretKey,
      STRIPE_WEBHOOK_SECRET: requireEnv("STRIPE_WEBHOOK_SECRET"),
      SESSION_SECRET: requireEnv("SESSION_SECRET"),
      ADMIN_PASSWORD: requireEnv("ADMIN_PASSWORD"),
    };
    const files = filesUnder(STATIC_DIR);
    expect(files.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(5);
    const findings: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file).toString("latin1");
      for (const [name, value] of Object.entries(secrets)) if (text.includes(value)) findings.push(`${path.relative(ROOT, file)}: ${name}`);
      for (const shape of SECRET_SHAPES) if (shape.test(text)) findings.push(`${path.relative(ROOT, file)}: ${shape}`);
    }
    expect(findings).toEqual([]);
  });

  it("the scan would see a secret if one were there", () => {
    // Guards the scan itself: the same patterns do match a key in a bundle-like string.
    const bundle = `var k="${EMULATOR_DEFAULTS.secretKey}";`;
    expect(SECRET_SHAPES.some((s) => s.test(bundle))).toBe(true);
  });
});

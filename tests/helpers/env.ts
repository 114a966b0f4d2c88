// Integration tests run inside `npm test`, which starts a fresh database, the Stripe
// emulator and the app, and passes their addresses in the environment.
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite with \`npm test\`, which starts the services it needs.`);
  return value;
}

export const appUrl = () => requireEnv("APP_URL");

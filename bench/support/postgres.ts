// The benchmarks' database: DATABASE_URL if set, else a throwaway embedded
// PostgreSQL in a temporary directory; migrated either way.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { startEmbeddedPostgres } from '@/db/embedded';
import { migrateDatabase } from '@/db/migrate';
import type { Database } from '@/db/types';
import { parentPid } from './app';

export type BenchDatabase = {
  url: string;
  db: Kysely<Database>;
  label: string;
  /** The embedded server's postmaster, whose process tree is PostgreSQL's CPU use; null for DATABASE_URL. */
  serverPid: number | null;
  stop(): Promise<void>;
};

export async function benchDatabase(): Promise<BenchDatabase> {
  let url = process.env.DATABASE_URL;
  let stopServer = async () => {};
  let label = 'DATABASE_URL';
  if (!url) {
    const server = await startEmbeddedPostgres({
      dataDir: mkdtempSync(path.join(tmpdir(), 'members-bench-')),
      database: 'bench',
      persistent: false,
    });
    url = server.url;
    stopServer = server.stop;
    label = 'embedded PostgreSQL 18';
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {}); // an idle connection closed as the server stops
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrateDatabase(url);
  // A backend's parent is the postmaster.
  const backend = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
  const serverPid = process.env.DATABASE_URL ? null : parentPid(backend.rows[0]!.pid);
  return {
    url,
    db,
    label,
    serverPid,
    async stop() {
      await db.destroy();
      await stopServer();
    },
  };
}

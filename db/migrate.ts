import { Logger, runMigrations } from 'graphile-worker';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { resolveDatabaseUrl, resolveWorkerDatabaseUrl } from './connection';
import { migrations } from './migrations';

// Any fixed number of our own: every process that migrates takes this one lock.
export const MIGRATION_LOCK = 4_851_630_917;
// A process waits this long for another one's migrations, then refuses to start.
const MIGRATION_LOCK_WAIT_MS = 5 * 60 * 1000;

/**
 * Kysely's Postgres adapter takes a session-level advisory lock before its migration
 * transaction. Through a transaction-mode pooler (PgBouncer, Supavisor, RDS Proxy) that lock
 * stays on whichever server connection ran the statement, and its unlock runs on another:
 * the next process to migrate waits for an hour. Ours is a transaction lock instead.
 */
class TransactionLockedAdapter extends PostgresAdapter {
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}

class MigrationDialect extends PostgresDialect {
  override createAdapter() {
    return new TransactionLockedAdapter();
  }
}

const silent = new Logger(() => () => {});

/**
 * Applies every pending migration of the app's schema, then of the job queue's own
 * (graphile_worker, which graphile-worker versions itself), and returns the app's
 * migrations applied. Processes starting at once take turns: each holds a transaction-level
 * advisory lock for the whole run, which a pooler keeps on one server connection and
 * PostgreSQL releases if the process dies. The one that comes second finds nothing to do.
 */
export async function migrateDatabase(databaseUrl: string, queueDatabaseUrl = databaseUrl): Promise<string[]> {
  // Its own two connections: one holds the lock, the other runs the migrations.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => {}); // an idle connection dropped; the query in flight reports its own
  const db = new Kysely<unknown>({ dialect: new MigrationDialect({ pool }) });
  try {
    return await db.transaction().execute(async (lock) => {
      await sql`select set_config('lock_timeout', ${String(MIGRATION_LOCK_WAIT_MS)}, true)`.execute(lock);
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(lock);
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const { error, results } = await migrator.migrateToLatest();
      const failed = results?.find((r) => r.status === 'Error');
      if (error || failed) {
        const cause = error instanceof Error ? error.message : String(error ?? '');
        throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${cause}`.trim());
      }
      await runMigrations({ connectionString: queueDatabaseUrl, logger: silent });
      return (results ?? []).map((r) => r.migrationName);
    });
  } finally {
    await db.destroy();
  }
}

/** migrateDatabase on this process's configured URLs (DATABASE_URL, and WORKER_DATABASE_URL for the queue). */
export async function migrateConfiguredDatabase(): Promise<string[]> {
  return migrateDatabase(await resolveDatabaseUrl(), await resolveWorkerDatabaseUrl());
}

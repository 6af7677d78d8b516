import { Logger, runMigrations } from 'graphile-worker';
import { type Kysely, Migrator } from 'kysely';
import { migrations } from './migrations';

/** Applies every pending migration; Kysely's lock makes concurrent callers safe. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? '');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${cause}`.trim());
  }
  return (results ?? []).map((r) => r.migrationName);
}

const silent = new Logger(() => () => {});

/** Creates or updates the job queue's own schema (graphile_worker), which graphile-worker versions itself. */
export async function migrateQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: silent });
}

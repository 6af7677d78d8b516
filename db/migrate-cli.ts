// `npm run db:migrate`: applies migrations to DATABASE_URL (or the embedded default).
import { resolveDatabaseUrl, stopEmbeddedPostgres } from './connection';
import { db } from './index';
import { migrateQueue, migrateToLatest } from './migrate';

try {
  const applied = await migrateToLatest(db);
  await migrateQueue(await resolveDatabaseUrl());
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
  await stopEmbeddedPostgres();
}

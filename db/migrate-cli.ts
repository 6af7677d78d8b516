// `npm run db:migrate`: applies migrations to DATABASE_URL (or the embedded default).
import { stopEmbeddedPostgres } from './connection';
import { migrateConfiguredDatabase } from './migrate';

try {
  const applied = await migrateConfiguredDatabase();
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await stopEmbeddedPostgres();
}

// Which PostgreSQL the app talks to: DATABASE_URL, or the embedded default.
import { getConfig } from '../server/config';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded';

// Kept on globalThis: Next.js may load this module in more than one bundle
// (instrumentation and routes), but there must be one server per process.
const state = globalThis as unknown as { __membersEmbedded?: Promise<RunningPostgres> };

export async function resolveDatabaseUrl(): Promise<string> {
  const { databaseUrl, embeddedPostgresDir } = getConfig();
  if (databaseUrl) return databaseUrl;
  state.__membersEmbedded ??= startEmbeddedPostgres({ dataDir: embeddedPostgresDir, database: 'members' });
  try {
    return (await state.__membersEmbedded).url;
  } catch (error) {
    state.__membersEmbedded = undefined; // let a later attempt retry
    throw error;
  }
}

/**
 * Where the email worker connects: WORKER_DATABASE_URL (a direct or session-mode
 * connection, where LISTEN/NOTIFY and prepared statements work), else the app's own.
 */
export async function resolveWorkerDatabaseUrl(): Promise<string> {
  return getConfig().workerDatabaseUrl ?? resolveDatabaseUrl();
}

export async function stopEmbeddedPostgres(): Promise<void> {
  const running = state.__membersEmbedded;
  state.__membersEmbedded = undefined;
  if (running) await (await running).stop();
}

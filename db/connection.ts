// Which PostgreSQL the app talks to: DATABASE_URL, or the embedded default.
import path from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded';

/** Where the embedded server keeps its data: EMBEDDED_POSTGRES_DIR, or .data/postgres. */
export const embeddedDataDir = () => path.resolve(process.env.EMBEDDED_POSTGRES_DIR || path.join(process.cwd(), '.data', 'postgres'));

// Kept on globalThis: Next.js may load this module in more than one bundle
// (instrumentation and routes), but there must be one server per process.
const state = globalThis as unknown as { __membersEmbedded?: Promise<RunningPostgres> };

export async function resolveDatabaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  state.__membersEmbedded ??= startEmbeddedPostgres({ dataDir: embeddedDataDir(), database: 'members' });
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
  return process.env.WORKER_DATABASE_URL || resolveDatabaseUrl();
}

export async function stopEmbeddedPostgres(): Promise<void> {
  const running = state.__membersEmbedded;
  state.__membersEmbedded = undefined;
  if (running) await (await running).stop();
}

// Runs once per server process, before the first request (server/http/main.ts under
// `npm start`, instrumentation.ts under `next dev`). The migrations, the worker and the
// seed (development only) are imported only when start() runs: Next.js's copy of this module, which finds
// the work done, then loads none of them.
import { db } from '@/db';
import { ConfigError, getConfig } from '@/server/config';
import { errorFields, log } from '@/server/log';

// Kept on globalThis: `npm start` runs this from its own bundle (server/http/main.ts)
// and Next.js again from instrumentation.ts; the work must happen once per process.
const state = globalThis as unknown as { __membersStartup?: Promise<Started> };

export type Started = {
  /** Lets the email in flight finish and stops taking jobs (nothing to do with EMAIL_WORKER=off). */
  stopEmailWorker(): Promise<void>;
};

/**
 * Migrations, the demo seed (development) and the email worker, once per process. With
 * `drainOnSignal` (the default, for `next dev`) SIGTERM/SIGINT drain the worker before
 * Next.js's own shutdown; `npm start`'s server does its shutdown itself and says false.
 */
export function startServer(options: { drainOnSignal?: boolean } = {}): Promise<Started> {
  return (state.__membersStartup ??= start(options.drainOnSignal ?? true));
}

async function start(drainOnSignal: boolean): Promise<Started> {
  let config;
  try {
    config = getConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`\nMembers cannot start: ${error.message}\n`);
    process.exit(1);
  }
  // Auth.js builds its URLs (the sign-in link included) from AUTH_URL; it
  // follows APP_URL so no link is ever built from a request's Host header.
  process.env.AUTH_URL = `${config.appUrl}/api/auth`;

  const { migrateConfiguredDatabase } = await import('@/db/migrate');
  try {
    const applied = await migrateConfiguredDatabase();
    if (applied.length) log.info('migrations applied', { applied });
  } catch (error) {
    console.error(`\nMembers cannot start: the database is not usable.\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }

  const seed = config.production ? null : await import('@/server/seed');
  if (seed && (await seed.seedDemoOrganization(db))) {
    console.log(
      `\n  A demo organization was created. Sign in at ${config.appUrl}/sign-in as ${seed.DEMO_OWNER_EMAIL};\n` +
        `  the sign-in link is printed here and kept at ${config.appUrl}/dev/mailbox\n`,
    );
  }
  // By default this process also delivers email; EMAIL_WORKER=off leaves that to `npm run worker`.
  let stopEmailWorker = async () => {};
  if (process.env.EMAIL_WORKER !== 'off') {
    const { startEmailWorker } = await import('@/server/queue/worker');
    const worker = await startEmailWorker();
    stopEmailWorker = worker.stop;
    if (drainOnSignal) drainBeforeExit(worker.stop);
  }
  log.info('server ready', { appUrl: config.appUrl, mail: config.smtpUrl ? 'smtp' : 'development mailbox' });
  return { stopEmailWorker };
}

export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * On SIGTERM/SIGINT, let the email in flight finish (at most SHUTDOWN_GRACE_MS)
 * before the listeners that were already there (Next.js's own shutdown, which
 * exits the process) run. A send cut short is retried: delivery is at-least-once.
 */
export function drainBeforeExit(drain: () => Promise<void>): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const earlier = process.listeners(signal);
    process.removeAllListeners(signal);
    process.once(signal, async () => {
      log.info('shutting down', { signal });
      await Promise.race([drain().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
      if (earlier.length === 0) process.exit(signal === 'SIGTERM' ? 143 : 130);
      for (const listener of earlier) (listener as (signal: NodeJS.Signals) => void)(signal);
    });
  }
}

export function reportStartupFailure(error: unknown): never {
  log.error('startup failed', errorFields(error));
  process.exit(1);
}

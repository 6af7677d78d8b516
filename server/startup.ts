// What a process does before it serves: configuration, migrations, the demo seed
// (development only) and the email worker. It runs once per process, before the first
// request (server/http/serve.ts under `npm start`, instrumentation.ts under `next dev`).
// The migrations, the worker and the seed are imported only when it runs: Next.js's copy
// of this module, which finds the work done, then loads none of them.
import { db } from '@/db';
import { configOrExit, exportToLibraries } from '@/server/config';
import { errorFields, log } from '@/server/log';
import { shutDownOnSignal } from '@/server/shutdown';

// Kept on globalThis: `npm start` runs this from its own bundle (server/http/main.ts)
// and Next.js again from instrumentation.ts; the work must happen once per process.
const state = globalThis as unknown as { __membersStartup?: Promise<Prepared> };

export type Prepared = {
  /** Lets the email in flight finish and stops taking jobs (nothing to do with EMAIL_WORKER=off). */
  stopEmailWorker(): Promise<void>;
};

/**
 * Migrations, the demo seed (development) and the email worker, once per process. With
 * `drainOnSignal` (the default, for `next dev`) SIGTERM/SIGINT drain the worker before
 * Next.js's own shutdown; `npm start`'s server shuts down itself and says false.
 */
export function prepareToServe(options: { drainOnSignal?: boolean } = {}): Promise<Prepared> {
  return (state.__membersStartup ??= prepare(options.drainOnSignal ?? true));
}

async function prepare(drainOnSignal: boolean): Promise<Prepared> {
  const config = configOrExit('Members');
  exportToLibraries(config);

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
  let stopEmailWorker = async () => {};
  if (config.emailWorker) {
    const { startEmailWorker } = await import('@/server/queue/worker');
    const worker = await startEmailWorker();
    stopEmailWorker = worker.stop;
    if (drainOnSignal) shutDownOnSignal(worker.stop);
  }
  log.info('server ready', { appUrl: config.appUrl, mail: config.smtpUrl ? 'smtp' : 'development mailbox' });
  return { stopEmailWorker };
}

export function reportStartupFailure(error: unknown): never {
  log.error('startup failed', errorFields(error));
  process.exit(1);
}

// The email worker: graphile-worker on the app's PostgreSQL. Several workers
// (app processes and `npm run worker`) can run at once: a job is locked by the
// one that takes it (FOR UPDATE SKIP LOCKED), so no two send it concurrently.
import { EventEmitter } from 'node:events';
import { Logger, run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import { resolveWorkerDatabaseUrl } from '@/db/connection';
import { deliverInvitationEmail } from '@/server/invitations/deliver-invitation-email';
import { getConfig } from '@/server/config';
import { log } from '@/server/log';
import { deliverSignInEmail } from '@/server/mail/deliver-sign-in-email';
import { startHeartbeat } from './heartbeat';
import type { JobPayloads } from './jobs';

const tasks: TaskList = {
  send_invitation_email: (payload, helpers) =>
    deliverInvitationEmail(payload as JobPayloads['send_invitation_email'], { attempts: helpers.job.attempts, maxAttempts: helpers.job.max_attempts }),
  send_sign_in_email: (payload, helpers) =>
    deliverSignInEmail(payload as JobPayloads['send_sign_in_email'], { attempts: helpers.job.attempts, maxAttempts: helpers.job.max_attempts }),
};

export type EmailWorker = { stop(): Promise<void> };

export async function startEmailWorker(options: { concurrency?: number; pollInterval?: number } = {}): Promise<EmailWorker> {
  const config = getConfig();
  // graphile-worker's own ids for this process's workers, for the heartbeat.
  const workerIds = new Set<string>();
  const events: WorkerEvents = new EventEmitter();
  events.on('worker:create', ({ worker }) => workerIds.add(worker.workerId));
  const runner: Runner = await run({
    events,
    connectionString: await resolveWorkerDatabaseUrl(),
    // Through a transaction-mode pooler (the app's URL with prepared statements off), a statement
    // prepared on one server connection is gone on the next: graphile-worker must not prepare any.
    noPreparedStatements: !config.workerDatabaseUrl && !config.preparedStatements,
    concurrency: options.concurrency ?? config.emailWorkerConcurrency,
    pollInterval: options.pollInterval ?? 1000,
    // Shutdown is ours: the app drains the worker before Next.js exits.
    noHandleSignals: true,
    taskList: tasks,
    logger: quietLogger,
  });
  const heartbeat = startHeartbeat(() => [...workerIds], { intervalMs: config.emailWorkerHeartbeatMs, deadAfterMs: config.emailWorkerDeadAfterMs });
  log.info('email worker started');
  let stopping: Promise<void> | undefined;
  return {
    // Stops taking jobs and waits for the ones in flight to finish.
    stop: () => (stopping ??= runner.stop().then(() => heartbeat.stop()).then(() => log.info('email worker stopped'))),
  };
}

// graphile-worker's own chatter becomes our structured log lines (warnings and errors only).
const quietLogger = new Logger(() => (level, message, meta) => {
  if (level === 'error' || level === 'warning') log.warn('queue', { level, message, job: (meta as { job?: { id?: string } })?.job?.id });
});

// graphile-worker 0.16 leaves a job locked for 4 hours when the worker holding it dies
// (SIGKILL, a lost machine): nobody else may take it until then. Every live worker beats
// here, and unlocks the jobs of workers whose beat went stale, so their email is retried
// within a minute or so. (An email that went out just before the kill goes out again:
// delivery is at-least-once.)
import { sql } from 'kysely';
import { db } from '@/db';
import { errorFields, log } from '@/server/log';

export type Heartbeat = { stop(): Promise<void> };

export function startHeartbeat(workerIds: () => string[], options: { intervalMs: number; deadAfterMs: number }): Heartbeat {
  const beat = async () => {
    const ids = workerIds();
    if (ids.length === 0) return;
    await sql`
      insert into email_worker_heartbeats (worker_id) select unnest(${ids}::text[])
      on conflict (worker_id) do update set seen_at = now()`.execute(db);
    // The dead ones' rows go in the statement that unlocks their jobs: one worker does it.
    const { rows } = await sql<{ unlocked: string[] }>`
      with dead as (
        delete from email_worker_heartbeats where seen_at < now() - make_interval(secs => ${options.deadAfterMs / 1000})
        returning worker_id
      )
      select array(select worker_id from dead) as unlocked, graphile_worker.force_unlock_workers(array(select worker_id from dead))`.execute(db);
    const unlocked = rows[0]?.unlocked ?? [];
    if (unlocked.length) log.warn('unlocked the jobs of email workers that stopped beating', { workers: unlocked });
  };
  let running = Promise.resolve();
  const tick = () => (running = running.then(beat).catch((error: unknown) => log.warn('email worker heartbeat failed', errorFields(error))));
  void tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      // A worker that stops cleanly has released its jobs: its row is no longer needed.
      const ids = workerIds();
      if (ids.length) await sql`delete from email_worker_heartbeats where worker_id = any(${ids}::text[])`.execute(db).catch(() => undefined);
    },
  };
}

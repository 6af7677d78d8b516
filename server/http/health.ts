// What a load balancer asks every second: /healthz (this process is alive; nothing else is
// touched) and /readyz (send it traffic: started, migrated, not shutting down, and the
// database answers). Both are plain JSON, never logged, and outside every share.
import type { ServerResponse } from 'node:http';
import { sql } from 'kysely';
import { db } from '@/db';

export type Phase = 'starting' | 'ready' | 'stopping';

export const HEALTH_PATHS = ['/healthz', '/readyz'] as const;

/** A database that takes longer than this to answer `select 1` is not ready. */
const DATABASE_CHECK_MS = 2_000;

const REASONS: Record<Exclude<Phase, 'ready'>, string> = {
  starting: 'starting: migrations and start-up are not done yet',
  stopping: 'shutting down: finishing the requests in flight',
};

export async function answerHealth(path: (typeof HEALTH_PATHS)[number], phase: Phase, res: ServerResponse): Promise<void> {
  if (path === '/healthz') return send(res, 200, { status: 'alive' });
  if (phase !== 'ready') return send(res, 503, { status: 'not ready', reason: REASONS[phase] });
  const answered = await Promise.race([
    sql`select 1`.execute(db).then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DATABASE_CHECK_MS).unref()),
  ]);
  return answered ? send(res, 200, { status: 'ready' }) : send(res, 503, { status: 'not ready', reason: 'the database does not answer' });
}

function send(res: ServerResponse, status: number, body: Record<string, string>): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

/** The health path a request names (without its query), if any. */
export function healthPath(url: string | undefined): (typeof HEALTH_PATHS)[number] | undefined {
  const path = url?.split('?')[0];
  return HEALTH_PATHS.find((candidate) => candidate === path);
}

// Prometheus metrics (prom-client) for operators: served at /metrics by `npm start` and
// by `npm run worker` on its own port, only when METRICS_TOKEN is set, and only to a
// request that carries it. One registry per process: Next.js's bundle and ours both load
// this module, so every metric is created once and found again by name.
import { timingSafeEqual } from 'node:crypto';
import client, { type Counter, type Gauge, type Histogram } from 'prom-client';
import { sql } from 'kysely';
import { databasePool, db } from '@/db';

const registry = client.register;

function once<T>(name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

const state = globalThis as unknown as { __membersDefaultMetrics?: true };
if (!state.__membersDefaultMetrics) {
  state.__membersDefaultMetrics = true;
  client.collectDefaultMetrics({ register: registry, prefix: 'members_' });
}

export const httpRequests = once<Counter<'group' | 'status'>>(
  'members_http_requests_total',
  () => new client.Counter({ name: 'members_http_requests_total', help: 'HTTP requests answered, by route group and status.', labelNames: ['group', 'status'] }),
);

export const httpDuration = once<Histogram<'group' | 'status'>>(
  'members_http_request_duration_seconds',
  () =>
    new client.Histogram({
      name: 'members_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route group and status.',
      labelNames: ['group', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
);

export const refusals = once<Counter<'limit'>>(
  'members_limit_refusals_total',
  () => new client.Counter({ name: 'members_limit_refusals_total', help: 'Requests refused by a rate limit or a fair share, by limit.', labelNames: ['limit'] }),
);

export const emails = once<Counter<'outcome'>>(
  'members_emails_total',
  () => new client.Counter({ name: 'members_emails_total', help: 'Emails this process tried to send, by outcome (sent, failed).', labelNames: ['outcome'] }),
);

once<Gauge<'state'>>(
  'members_database_pool_connections',
  () =>
    new client.Gauge({
      name: 'members_database_pool_connections',
      help: "This process's database pool: connections in use, idle, and requests waiting for one.",
      labelNames: ['state'],
      collect() {
        const pool = databasePool();
        this.set({ state: 'in_use' }, pool ? pool.totalCount - pool.idleCount : 0);
        this.set({ state: 'idle' }, pool?.idleCount ?? 0);
        this.set({ state: 'waiting' }, pool?.waitingCount ?? 0);
      },
    }),
);

once<Gauge>(
  'members_email_jobs_queued',
  () =>
    new client.Gauge({
      name: 'members_email_jobs_queued',
      help: 'Email jobs waiting to be sent or retried (all processes).',
      async collect() {
        this.set((await queue()).queued);
      },
    }),
);

once<Gauge>(
  'members_email_queue_age_seconds',
  () =>
    new client.Gauge({
      name: 'members_email_queue_age_seconds',
      help: 'Age of the oldest email job still waiting (0 when none).',
      async collect() {
        this.set((await queue()).ageSeconds);
      },
    }),
);

// Both queue gauges come from one query per scrape.
let pending: Promise<{ queued: number; ageSeconds: number }> | undefined;
function queue() {
  pending ??= sql<{ queued: string; age: number | null }>`
    select count(*) as queued, extract(epoch from now() - min(created_at))::float8 as age
    from graphile_worker._private_jobs where attempts < max_attempts`
    .execute(db)
    .then(({ rows }) => ({ queued: Number(rows[0]?.queued ?? 0), ageSeconds: rows[0]?.age ?? 0 }))
    .catch(() => ({ queued: 0, ageSeconds: 0 }))
    .finally(() => setTimeout(() => (pending = undefined), 0));
  return pending;
}

/** What a request's group is for the metrics: a handful of values, never a raw path. */
export function routeGroup(url: string | undefined): string {
  const path = url?.split('?')[0] ?? '';
  if (path.startsWith('/api/trpc')) return 'api';
  if (path.startsWith('/api/auth')) return 'auth';
  if (path.startsWith('/_next/')) return 'static';
  if (path === '/metrics') return 'metrics';
  return 'page';
}

/** The /metrics answer: 404 unless METRICS_TOKEN is set, 401 without it as a bearer token. */
export async function metricsResponse(authorization: string | undefined, token: string | null): Promise<{ status: number; type: string; body: string }> {
  if (!token) return { status: 404, type: 'text/plain; charset=utf-8', body: 'Not found' };
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { status: 401, type: 'text/plain; charset=utf-8', body: 'Send the METRICS_TOKEN as "Authorization: Bearer <token>".' };
  }
  return { status: 200, type: registry.contentType, body: await registry.metrics() };
}

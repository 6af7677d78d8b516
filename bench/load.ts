// Mixed load on the built app: an organization of 1,000 members and 50 pending
// invitations, 20 connections for 60 s, each looping through what an owner's
// browser does: load the Members page, list members and invitations over tRPC,
// withdraw an invitation, invite someone new. Prints requests/s, p50/p99
// latency, errors and the server's peak RSS; the run fails on any error or 5xx.
//   npm run bench:load     (BENCH_LOAD_SECONDS, BENCH_LOAD_CONNECTIONS to change)
import type autocannon from 'autocannon';
import { buildApp, startBuiltApp } from './support/app';
import { formatTable, measure } from './support/measure';
import { benchDatabase } from './support/postgres';
import { analyze, seedOrganization, sessionCookie } from '@/test-support/factories/bulk-seed';
import { startSmtpSink } from './support/smtp-sink';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 20);

buildApp();
const database = await benchDatabase();
const sink = await startSmtpSink();
const org = await seedOrganization(database.db, { members: 1000, invitations: 50, tag: 'load' });
await analyze(database.db);
const app = await startBuiltApp({
  DATABASE_URL: database.url,
  SMTP_URL: sink.url,
  // Hundreds of invitations a minute is the point here, not the hourly email limit.
  INVITATION_EMAILS_PER_HOUR: '100000000',
});

const cookie = sessionCookie(org.sessionToken);
const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const post = (path: string, body: unknown): autocannon.Request => ({
  method: 'POST',
  path,
  headers: { cookie, origin: app.url, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

// Pending invitations nobody is withdrawing yet. Each loop withdraws one before
// inviting one, so the organization stays at or under its 50 pending.
const withdrawable = [...org.invitationIds];
let invited = 0;
const failures: string[] = [];
const expectOk = (what: string) => (status: number, body: string) => {
  if (status !== 200 && failures.length < 5) failures.push(`${what}: ${status} ${body.slice(0, 200)}`);
};

const requests: autocannon.Request[] = [
  { method: 'GET', path: `/orgs/${org.orgId}/members`, headers: { cookie }, onResponse: expectOk('Members page') },
  { method: 'GET', path: `/api/trpc/org.member.list?input=${input({ orgId: org.orgId })}`, headers: { cookie }, onResponse: expectOk('member.list') },
  { method: 'GET', path: `/api/trpc/org.invitation.list?input=${input({ orgId: org.orgId })}`, headers: { cookie }, onResponse: expectOk('invitation.list') },
  {
    ...post('/api/trpc/org.invitation.withdraw', {}),
    setupRequest: (request) => ({ ...request, body: JSON.stringify({ orgId: org.orgId, invitationId: withdrawable.shift() }) }),
    onResponse: expectOk('invitation.withdraw'),
  },
  {
    ...post('/api/trpc/org.invitation.create', {}),
    setupRequest: (request) => ({ ...request, body: JSON.stringify({ orgId: org.orgId, email: `load${(invited += 1)}@example.com`, role: 'owner' }) }),
    onResponse: (status, body) => {
      expectOk('invitation.create')(status, body);
      if (status === 200) withdrawable.push((JSON.parse(body) as { result: { data: { invitationId: string } } }).result.data.invitationId);
    },
  },
];

// A short warm-up (JIT, first compilations), then the measured run.
await measure('warm-up', { url: app.url, connections: CONNECTIONS, duration: 5, requests });
failures.length = 0;
const before = sink.received();
const figures = await measure('mixed', { url: app.url, connections: CONNECTIONS, duration: SECONDS, requests });
const emails = sink.received() - before;

const print = (line = '') => process.stdout.write(`${line}\n`);
print(`Load: ${SECONDS} s, ${CONNECTIONS} connections, org of 1,000 members + 50 pending invitations, ${database.label}, built app (npm start)`);
print('Each connection loops: Members page, member.list, invitation.list, invitation.withdraw, invitation.create (with its email).');
print();
print(
  formatTable(
    ['run', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', '5xx', 'peak RSS MB'],
    [[figures.label, figures.requests, figures.rps.toFixed(0), figures.p50, figures.p99, figures.errors, figures.non2xx, figures.status5xx, app.peakRssMb().toFixed(0)]],
  ),
);
print();
print(`Invitations sent during the run: ${Math.round(figures.requests / requests.length)} loops; ${emails} emails reached the SMTP sink.`);
for (const failure of failures) print(`FAILED ${failure}`);

await app.stop();
await sink.close();
await database.stop();
const clean = figures.errors === 0 && figures.non2xx === 0 && failures.length === 0;
if (!clean) print('The run had errors: see above.');
process.exit(clean ? 0 : 1);

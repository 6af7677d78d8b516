// The Members page at scale, against the framework's own floor, in one run:
// organizations of 100, 1,000, 10,000 and 100,000 members (50 pending
// invitations each), the built app in production mode, autocannon at
// concurrency 10. Same-run ratios are the figures that count.
//   npm run bench:scale   (BENCH_SECONDS per measurement, default 10)
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type autocannon from 'autocannon';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PreparingClient } from '@/db/prepared';
import type { Database } from '@/db/types';
import { findFreePort } from '@/db/free-port';
import { renderInvitationEmail } from '@/server/mail/templates';
import { BENCH_AUTH_SECRET, buildApp, startBuiltApp, treeCpuMs } from './support/app';
import { formatTable, type LoadFigures, measure } from './support/measure';
import { benchDatabase } from './support/postgres';
import { analyze, seedOrganization, type SeededOrg, sessionCookie } from '@/test-support/factories/bulk-seed';
import { startSmtpSink } from './support/smtp-sink';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const SIZES = [100, 1_000, 10_000, 100_000];
const print = (line = '') => process.stdout.write(`${line}\n`);
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 0);

/** A measurement with the CPU time it cost per request: the server's (or this process's) and PostgreSQL's. */
type Row = LoadFigures & { cpuMs: { app: number; postgres: number | null } };
function cpuMeter(appPid: number) {
  const appCpu = () => (appPid === process.pid ? (process.cpuUsage().user + process.cpuUsage().system) / 1000 : treeCpuMs(appPid));
  const postgresCpu = () => (database.serverPid === null ? null : treeCpuMs(database.serverPid));
  const app0 = appCpu();
  const postgres0 = postgresCpu();
  return {
    perRequest: (requests: number) => {
      const postgres = postgresCpu();
      // Clock ticks are 10 ms: a nearly idle process can read one tick less than it started with.
      const per = (used: number) => Math.max(0, used) / requests;
      return { app: per(appCpu() - app0), postgres: postgres === null || postgres0 === null ? null : per(postgres - postgres0) };
    },
  };
}

buildApp();
const sink = await startSmtpSink();

// 1. React Email render time of the invitation, in this process (median of 1,000).
const renderTimes: number[] = [];
for (let i = 0; i < 1_100; i += 1) {
  const started = performance.now();
  await renderInvitationEmail({
    organizationName: 'Acme Corporation',
    inviterName: 'Ada Owner',
    inviterEmail: 'ada@example.com',
    roleLabel: 'Owner',
    expiresAt: 'Tuesday, December 1, 2026 at 14:05 UTC',
    validForHours: 72,
    url: `https://members.example.com/invite/${'x'.repeat(43)}`,
  });
  if (i >= 100) renderTimes.push(performance.now() - started); // the first 100 warm up
}
const renderMedian = renderTimes.sort((a, b) => a - b)[renderTimes.length >> 1]!;

// 2. `npm start` to the first 200, embedded PostgreSQL included (its data directory
// already initialised, as on every start but the very first, which is timed apart).
const embeddedDir = mkdtempSync(path.join(tmpdir(), 'members-start-'));
const startEnv = { EMBEDDED_POSTGRES_DIR: embeddedDir, SMTP_URL: sink.url };
const firstStart = await startBuiltApp(startEnv);
// The app asks its PostgreSQL to stop as it exits; wait for that before going on.
const postgresStopped = async () => {
  for (let waited = 0; existsSync(path.join(embeddedDir, 'postmaster.pid')) && waited < 20_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
await firstStart.stop();
await postgresStopped();
const start = await startBuiltApp(startEnv);
await start.stop();
await postgresStopped();
rmSync(embeddedDir, { recursive: true, force: true });

// 3. Seed, then start the app on that database.
const database = await benchDatabase();
const seedStarted = performance.now();
const orgs = new Map<number, SeededOrg>();
for (const members of SIZES) orgs.set(members, await seedOrganization(database.db, { members, invitations: 50, tag: `s${members}` }));
// What the rows cost: a Members page with next to nothing to list (the owner alone, no invitation).
const fewestRows = await seedOrganization(database.db, { members: 1, invitations: 0, tag: 'rows' });
// Invite throughput needs room under the 50-pending rule: each invite run takes turns over
// 400 small organizations of its own (20,000 invitations of room, ~1,600/s for 12 s).
const inviters = (tag: string) =>
  Promise.all(Array.from({ length: 400 }, (_, i) => seedOrganization(database.db, { members: 1, invitations: 0, tag: `${tag}${i}` })));
const [inviteOrgs, noWorkerOrgs, viaNextOrgs, directOrgs] = [await inviters('i'), await inviters('o'), await inviters('t'), await inviters('d')];
await analyze(database.db);
const seedSeconds = (performance.now() - seedStarted) / 1000;

// The stack's own floor: node:http + pg `select 1` in a process of its own (no framework).
const plainPort = await findFreePort();
const plain = fork('bench/support/plain-http.mjs', { env: { ...process.env, DATABASE_URL: database.url, PORT: String(plainPort) } });
await new Promise((resolve) => plain.once('message', resolve));
await measure('node:http + pg select 1', { url: `http://localhost:${plainPort}/`, connections: CONNECTIONS, duration: 2 }); // warm-up
const plainCpu = cpuMeter(plain.pid!);
const plainFigures = await measure('node:http + pg select 1 (no framework)', { url: `http://localhost:${plainPort}/`, connections: CONNECTIONS, duration: SECONDS });
const plainFloor: Row = { ...plainFigures, cpuMs: plainCpu.perRequest(plainFigures.requests) };
plain.kill();

let app = await startBuiltApp({
  DATABASE_URL: database.url,
  SMTP_URL: sink.url,
  INVITATION_EMAILS_PER_HOUR: '100000000',
});

const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));
type Target = { url: string; pid: number };
type RunOptions = Omit<autocannon.Options, 'url'> & { path?: string };

/** Measures `options.path` on the app, or on another server (`target`). */
async function run(label: string, options: RunOptions, target: Target = app): Promise<Row> {
  await warmUp(label, options, target);
  return measureWindow(label, options, SECONDS, target);
}

async function warmUp(label: string, options: RunOptions, target: Target = app): Promise<void> {
  const { path: urlPath = '/', ...rest } = options;
  await measure(label, { url: `${target.url}${urlPath}`, connections: CONNECTIONS, duration: 1, ...rest });
}

async function measureWindow(label: string, options: RunOptions, seconds: number, target: Target = app): Promise<Row> {
  const { path: urlPath = '/', ...rest } = options;
  const cpu = cpuMeter(target.pid);
  const figures = await measure(label, { url: `${target.url}${urlPath}`, connections: CONNECTIONS, duration: seconds, ...rest });
  if (figures.non2xx || figures.errors || figures.requests === 0) throw new Error(`${label}: ${figures.non2xx} non-2xx, ${figures.errors} errors (${JSON.stringify(figures.statusCodes)})`);
  return { ...figures, cpuMs: cpu.perRequest(figures.requests) };
}

/**
 * Two measurements in turns, A-B-B-A-A-B-B-A, a quarter of SECONDS each: the
 * machine's speed drifts during a run (other tenants), and in turns a drift weighs
 * on both alike, so their ratio is the difference between the two requests, not
 * between moments. (With A-B-B-A in 5 s windows the same build's ratio still moved by
 * ±0.05 between runs: the drift is faster than that.)
 */
const TURNS = [0, 1, 1, 0, 0, 1, 1, 0] as const;
async function runInTurns(a: { label: string; options: RunOptions }, b: { label: string; options: RunOptions }): Promise<[Row, Row]> {
  const windows: [Row[], Row[]] = [[], []];
  for (const which of TURNS) {
    const { label, options } = which === 0 ? a : b;
    windows[which].push(await measureWindow(label, options, (2 * SECONDS) / TURNS.length));
  }
  return [combine(a.label, windows[0]), combine(b.label, windows[1])];
}

/** Windows of equal length as one row: requests and CPU summed, p50 averaged by requests, p99 the worst window's. */
function combine(label: string, windows: Row[]): Row {
  const requests = windows.reduce((sum, w) => sum + w.requests, 0);
  const weighted = (value: (w: Row) => number) => windows.reduce((sum, w) => sum + value(w) * w.requests, 0) / requests;
  const postgres = windows.every((w) => w.cpuMs.postgres !== null) ? weighted((w) => w.cpuMs.postgres!) : null;
  return {
    label,
    requests,
    rps: windows.reduce((sum, w) => sum + w.rps, 0) / windows.length,
    p50: Math.round(weighted((w) => w.p50)),
    p99: Math.max(...windows.map((w) => w.p99)),
    errors: 0,
    non2xx: 0,
    status5xx: 0,
    statusCodes: {},
    cpuMs: { app: weighted((w) => w.cpuMs.app), postgres },
  };
}
const get = (org: SeededOrg, urlPath: string) => ({ path: urlPath, headers: { cookie: sessionCookie(org.sessionToken) } });
const listAt = (org: SeededOrg, search?: string) => get(org, `/api/trpc/org.member.list?input=${input({ orgId: org.orgId, ...(search ? { search } : {}) })}`);
/** One person, by part of their address: in the last page of the organization. */
const needleFor = (size: number) => `member${size - 7}-`;

// Warm every code path first (JIT), so the first rows are not measured colder than the last.
const everyPath = [...orgs.values(), fewestRows].flatMap((org) =>
  [
    `/orgs/${org.orgId}/floor`,
    `/orgs/${org.orgId}/members`,
    `/api/trpc/org.member.list?input=${input({ orgId: org.orgId })}`,
    `/api/trpc/org.member.list?input=${input({ orgId: org.orgId, search: 'member1' })}`,
  ].map((urlPath) => ({ method: 'GET' as const, path: urlPath, headers: { cookie: sessionCookie(org.sessionToken) } })),
);
await measure('warm-up', { url: app.url, connections: CONNECTIONS, duration: 8, requests: everyPath });
// Pages get faster for a minute or so after that (V8's optimizer, heap sizing): in turns
// with the floor, whichever Members page came first read 0.05-0.07 below the others, the
// 100- or the 100,000-member one. So the pages are rendered for a while longer first.
await measure('warm-up, pages', {
  url: app.url,
  connections: CONNECTIONS,
  duration: 30,
  requests: everyPath.filter((request) => !request.path.startsWith('/api/')),
});

const routeFloor = await run('route handler + select 1 (no auth)', { path: '/api/floor' });
const barePage = await run('bare page (root layout only; no auth, no query)', { path: '/floor' });
const smallest = orgs.get(SIZES[0]!)!;
const floorLabel = 'floor page (same auth + layout, one trivial query)';
const floorOptions = get(smallest, `/orgs/${smallest.orgId}/floor`);
const pages: Row[] = [];
/** The floor page, measured in turns with each Members page (same order as `pages`). */
const floors: Row[] = [];
const lists: Row[] = [];
const searches: Row[] = [];
for (const size of SIZES) {
  const org = orgs.get(size)!;
  const page = { label: `Members page, ${size.toLocaleString('en-US')} members`, options: get(org, `/orgs/${org.orgId}/members`) };
  await warmUp(page.label, page.options);
  const [floorTurns, pageTurns] = await runInTurns({ label: floorLabel, options: floorOptions }, page);
  pages.push(pageTurns);
  floors.push(floorTurns);
  lists.push(await run(`member.list, ${size.toLocaleString('en-US')}`, listAt(org)));
  searches.push(await run(`member.list search, ${size.toLocaleString('en-US')}`, listAt(org, needleFor(size))));
}
const floor = combine(floorLabel, floors);
const fewestRowsPage = { label: 'Members page, 1 row (the owner alone, no invitation)', options: get(fewestRows, `/orgs/${fewestRows.orgId}/members`) };
await warmUp(fewestRowsPage.label, fewestRowsPage.options);
const [fewestRowsFloor, fewestRowsTurns] = await runInTurns({ label: floorLabel, options: floorOptions }, fewestRowsPage);
// Flat in organization size: 100 and 100,000 members in turns, for the list and the search.
const largest = orgs.get(SIZES.at(-1)!)!;
const listTurns = await runInTurns({ label: 'member.list, 100', options: listAt(smallest) }, { label: 'member.list, 100,000', options: listAt(largest) });
const searchTurns = await runInTurns(
  { label: 'member.list search, 100', options: listAt(smallest, needleFor(SIZES[0]!)) },
  { label: 'member.list search, 100,000', options: listAt(largest, needleFor(SIZES.at(-1)!)) },
);

/**
 * POSTs that each invite a new address, taking the organizations in turn (each has
 * room under the 50-pending rule for the whole run); `origin` for the app's CSRF check.
 */
function inviteRequests(inviters: SeededOrg[], emailPrefix: string, origin?: string): autocannon.Request[] {
  let sent = 0;
  return [
    {
      method: 'POST',
      setupRequest: (request) => {
        const org = inviters[sent % inviters.length]!;
        sent += 1;
        return {
          ...request,
          headers: { cookie: sessionCookie(org.sessionToken), 'content-type': 'application/json', ...(origin ? { origin } : {}) },
          body: JSON.stringify({ orgId: org.orgId, email: `${emailPrefix}${sent}@example.com`, role: 'owner' }),
        };
      },
    },
  ];
}
const peakRssPages = app.peakRssMb(); // pages and lists only: the email worker has not loaded its templates yet
const invite = await run('invitation.create (validate, insert, audit, enqueue email)', { path: '/api/trpc/org.invitation.create', requests: inviteRequests(inviteOrgs, 'new', app.url) });
const peakRss = app.peakRssMb();
const invitationsMade = Number(
  (await sql<{ n: string }>`select count(*) as n from invitations where email like 'new%@example.com'`.execute(database.db)).rows[0]!.n,
);
await app.stop();

// The same invitations with delivery left to a worker elsewhere (EMAIL_WORKER=off): the
// request's own cost, without this process also rendering and sending the emails.
app = await startBuiltApp({ DATABASE_URL: database.url, SMTP_URL: sink.url, EMAIL_WORKER: 'off', INVITATION_EMAILS_PER_HOUR: '100000000' });
const inviteNoWorker = await run('invitation.create, EMAIL_WORKER=off', { path: '/api/trpc/org.invitation.create', requests: inviteRequests(noWorkerOrgs, 'again', app.url) });
await app.stop();

// The same build under `next start`, Next.js's own server: the API through its route
// handler, as `npm start` would without server/http/main.ts (docs/decisions/023).
app = await startBuiltApp({ DATABASE_URL: database.url, SMTP_URL: sink.url, EMAIL_WORKER: 'off', INVITATION_EMAILS_PER_HOUR: '100000000' }, 'next start');
const org1000 = orgs.get(1_000)!;
const listViaNext = await run('member.list, 1,000, via Next.js route handler', get(org1000, `/api/trpc/org.member.list?input=${input({ orgId: org1000.orgId })}`));
const inviteViaNext = await run(
  'invitation.create, EMAIL_WORKER=off, via Next.js route handler',
  { path: '/api/trpc/org.invitation.create', requests: inviteRequests(viaNextOrgs, 'routed', app.url) },
);
await app.stop();

// The invite service on its own: inviteMember() called in this process (no HTTP,
// no Next.js, no tRPC), 10 at a time on a pool of 10 like the app's. The gap
// between this row and the one above is what serving it over HTTP costs.
const directInvite = await inviteWithoutHttp();

async function inviteWithoutHttp(): Promise<Row> {
  // A complete production configuration: an unset NODE_ENV is production's rules.
  Object.assign(process.env, { INVITATION_EMAILS_PER_HOUR: '100000000', AUTH_SECRET: BENCH_AUTH_SECRET, SMTP_URL: sink.url, APP_URL: 'http://localhost:3000' });
  const { inviteMember } = await import('@/server/invitations/invite-member');
  // Prepared statements as the app has them (db/prepared.ts).
  const pool = new pg.Pool({ connectionString: database.url, max: CONNECTIONS, Client: PreparingClient });
  pool.on('error', () => {}); // an idle connection closed as the benchmark ends
  const direct = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let sent = 0;
  const loop = async (until: number) => {
    while (performance.now() < until) {
      const org = directOrgs[sent % directOrgs.length]!;
      sent += 1;
      await inviteMember(direct, { userId: org.ownerId, email: org.ownerEmail, name: null }, { orgId: org.orgId, email: `direct${sent}@example.com`, role: 'owner' });
    }
  };
  const timed = async (seconds: number) => {
    const started = performance.now();
    const before = sent;
    await Promise.all(Array.from({ length: CONNECTIONS }, () => loop(started + seconds * 1000)));
    return { requests: sent - before, seconds: (performance.now() - started) / 1000 };
  };
  await timed(2); // warm-up
  const cpu = cpuMeter(process.pid);
  const { requests, seconds } = await timed(SECONDS);
  await direct.destroy();
  const rps = requests / seconds;
  const mean = Math.round((1000 * CONNECTIONS) / rps);
  return {
    label: 'inviteMember() in process, no HTTP (mean latency as p50)',
    requests,
    rps,
    p50: mean,
    p99: NaN,
    errors: 0,
    non2xx: 0,
    status5xx: 0,
    statusCodes: {},
    cpuMs: cpu.perRequest(requests),
  };
}

const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
print(`Members at scale: ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${database.label}`);
print(`autocannon, ${CONNECTIONS} connections, ${SECONDS} s per row after an 8 s warm-up over every path, 30 s more over the pages and 1 s on the row's own; the built app (npm start's flags), load generator on the same machine.`);
print(`Each Members page in turns with the floor page (floor, page, page, floor, twice; ${(2 * SECONDS) / TURNS.length} s each): "vs floor" compares it with its own turns of the floor.`);
print(`A full first page lists 25 members and 25 invitations; the 1-row page (the owner alone) shows what the page costs without its rows.`);
print(`For flatness, member.list and its search at 100 and 100,000 members are also measured in turns with each other.`);
print(`Seeded ${SIZES.map((s) => s.toLocaleString('en-US')).join(' / ')} members (+50 invitations each) and 1,600 small organizations in ${seedSeconds.toFixed(1)} s.`);
print();
const cpuCell = ({ cpuMs }: Row) => `${cpuMs.app.toFixed(2)} + ${cpuMs.postgres === null ? '?' : cpuMs.postgres.toFixed(2)}`;
const row = (f: Row, extra = '') => [f.label, f.rps.toFixed(0), f.p50, Number.isNaN(f.p99) ? '' : f.p99, cpuCell(f), extra];
print(
  formatTable(
    ['measurement', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req (server + PG)', 'vs floor'],
    [
      row(plainFloor),
      row(routeFloor),
      row(barePage),
      row(floor, '1.00'),
      ...pages.map((f, i) => row(f, (f.rps / floors[i]!.rps).toFixed(2))),
      row(fewestRowsTurns, (fewestRowsTurns.rps / fewestRowsFloor.rps).toFixed(2)),
      ...lists.map((f) => row(f)),
      ...searches.map((f) => row(f)),
      row(invite),
      row(inviteNoWorker),
      row(listViaNext),
      row(inviteViaNext),
      row(directInvite),
    ],
  ),
);
print();
const latency = (f: LoadFigures) => f.requests > 0 ? (SECONDS * 1000 * CONNECTIONS) / f.requests : NaN; // mean ms per request
const ratio = (list: LoadFigures[]) => (latency(list.at(-1)!) / latency(list[0]!)).toFixed(2);
const cpuTotal = ({ cpuMs }: Row) => cpuMs.app + (cpuMs.postgres ?? 0);
print(`Members page / floor (req/s, in turns), by size:  ${pages.map((f, i) => (f.rps / floors[i]!.rps).toFixed(2)).join(' / ')}`);
// The same ratio from CPU time per request.
print(`Members page / floor (CPU per request), by size:   ${pages.map((f, i) => (cpuTotal(floors[i]!) / cpuTotal(f)).toFixed(2)).join(' / ')}`);
// All four sizes together: every page turn against every floor turn (the same time on each side).
const allPages = combine('Members pages', pages);
print(`Members page / floor, the four sizes together:    ${(allPages.rps / floor.rps).toFixed(2)} (req/s); ${(cpuTotal(floor) / cpuTotal(allPages)).toFixed(2)} (CPU per request)`);
// A full first page lists 25 members and 25 invitations: 49 rows more than the owner alone.
// Each page's CPU is taken relative to its own floor turns (the machine drifts between them).
const perRow = ((cpuTotal(pages[1]!) / cpuTotal(floors[1]!) - cpuTotal(fewestRowsTurns) / cpuTotal(fewestRowsFloor)) * cpuTotal(floor)) / 49;
print(
  `Members page, 1 row / floor (req/s; CPU):         ${(fewestRowsTurns.rps / fewestRowsFloor.rps).toFixed(2)}; ${(cpuTotal(fewestRowsFloor) / cpuTotal(fewestRowsTurns)).toFixed(2)} (a listed row: ${perRow.toFixed(3)} ms of CPU, from the 1,000-member page)`,
);
print(`Mean latency 100,000 / 100 members: page ${ratio(pages)}, member.list ${ratio(lists)}, search ${ratio(searches)} (rows above)`);
// Without the machine's drift between those rows: the page against its own floor turns, the list and the search in turns.
print(
  `  measured in turns:                               page ${((pages[0]!.rps / floors[0]!.rps) / (pages.at(-1)!.rps / floors.at(-1)!.rps)).toFixed(2)}, member.list ${(listTurns[0].rps / listTurns[1].rps).toFixed(2)}, search ${(searchTurns[0].rps / searchTurns[1].rps).toFixed(2)}`,
);
print(`Invite (worker off), per s: npm start ${inviteNoWorker.rps.toFixed(0)}, via Next.js route handler ${inviteViaNext.rps.toFixed(0)}, in process ${directInvite.rps.toFixed(0)}`);
print(`member.list at 1,000, per s: npm start ${lists[1]!.rps.toFixed(0)}, via Next.js route handler ${listViaNext.rps.toFixed(0)}`);
print(`Invitations created by the invite run:             ${invitationsMade} (warm-up included; every request answered 200)`);
print(`Invitation email render (React Email), median:     ${ms(renderMedian)} ms`);
print(`npm start to first 200, embedded PostgreSQL:       ${ms(start.startMs)} ms (very first start, with initdb: ${ms(firstStart.startMs)} ms)`);
print(`Server RSS, peak under load:                       ${peakRss.toFixed(0)} MB (${peakRssPages.toFixed(0)} MB before the invite run, whose emails the in-process worker renders and sends)`);

await sink.close();
await database.stop();
process.exit(0);

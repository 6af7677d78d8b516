// Two sets of Node.js flags for the server, compared on one page in turns: two built
// servers on one database, loaded alternately (A B B A ...) so that the machine's drift
// weighs on both alike. How npm start's V8 flags were chosen: docs/decisions/026-node-v8-flags.md.
//   npm run bench:flags -- "<flags A>" "<flags B>" [rounds, default 6] [page: members | floor]
// Flags come after npm start's own, so they override them. Uses the build in .next-bench
// (npm run bench:scale makes it; BENCH_SKIP_BUILD=1 skips building again).
import { buildApp, startBuiltApp, treeCpuMs } from './support/app';
import { measure } from './support/measure';
import { benchDatabase } from './support/postgres';
import { analyze, seedOrganization, sessionCookie } from '@/test-support/factories/bulk-seed';
import { startSmtpSink } from './support/smtp-sink';

const [flagsA = '', flagsB = '', rounds = '6', page = 'members'] = process.argv.slice(2);
if (!['members', 'floor'].includes(page)) throw new Error(`page: members or floor, not ${page}`);
const WINDOW_SECONDS = 5;

buildApp();
const sink = await startSmtpSink();
const database = await benchDatabase();
const org = await seedOrganization(database.db, { members: 1_000, invitations: 50, tag: 'flags' });
await analyze(database.db);
const servers: { flags: string; app: Awaited<ReturnType<typeof startBuiltApp>>; requests: number; cpuMs: number }[] = [];
for (const flags of [flagsA, flagsB]) {
  process.env.BENCH_NODE_ARGS = flags; // read by startBuiltApp
  servers.push({ flags, app: await startBuiltApp({ DATABASE_URL: database.url, SMTP_URL: sink.url }), requests: 0, cpuMs: 0 });
}
try {
  const load = (server: (typeof servers)[number], duration: number) =>
    measure(page, { url: `${server.app.url}/orgs/${org.orgId}/${page}`, connections: 10, duration, headers: { cookie: sessionCookie(org.sessionToken) } });
  for (const server of servers) await load(server, 30); // warm-up
  for (let round = 0; round < Number(rounds); round += 1) {
    for (const server of round % 2 ? [...servers].reverse() : servers) {
      const cpuBefore = treeCpuMs(server.app.pid);
      const figures = await load(server, WINDOW_SECONDS);
      if (figures.non2xx || figures.errors) throw new Error(`${server.flags}: ${figures.non2xx} non-2xx, ${figures.errors} errors`);
      server.cpuMs += treeCpuMs(server.app.pid) - cpuBefore;
      server.requests += figures.requests;
    }
  }
  const seconds = Number(rounds) * WINDOW_SECONDS;
  for (const [i, { flags, app, requests, cpuMs }] of servers.entries()) {
    const rps = (requests / seconds).toFixed(1);
    console.log(`${'AB'[i]} [${flags || "npm start's flags"}] /orgs/<id>/${page}: ${rps} req/s, ${(cpuMs / requests).toFixed(2)} ms CPU per request, RSS peak ${app.peakRssMb().toFixed(0)} MB`);
  }
  const [a, b] = servers as [(typeof servers)[number], (typeof servers)[number]];
  console.log(`B / A: req/s ${(b.requests / a.requests).toFixed(3)}, CPU per request ${(b.cpuMs / b.requests / (a.cpuMs / a.requests)).toFixed(3)}`);
} finally {
  for (const { app } of servers) await app.stop();
  await sink.close();
  await database.stop();
}

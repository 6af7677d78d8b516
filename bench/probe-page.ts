import { buildApp, startBuiltApp } from './support/app';
import { measure } from './support/measure';
import { benchDatabase } from './support/postgres';
import { analyze, seedOrganization, sessionCookie } from './support/seed';
buildApp();
const database = await benchDatabase();
const org = await seedOrganization(database.db, { members: 1000, invitations: 50, tag: 'p' });
await analyze(database.db);
const app = await startBuiltApp({ DATABASE_URL: database.url, SMTP_URL: 'smtp://127.0.0.1:1', EMAIL_WORKER: 'off', BENCH_FLOOR_PAGE: '1' });
const cookie = sessionCookie(org.sessionToken);
const input = (v: unknown) => encodeURIComponent(JSON.stringify(v));
const which = (process.env.PROBE ?? 'floor,page,list').split(',');
const paths: Record<string, string> = { floor: `/orgs/${org.orgId}/floor`, page: `/orgs/${org.orgId}/members`, list: `/api/trpc/org.member.list?input=${input({ orgId: org.orgId })}`, signin: '/sign-in' };
for (const w of which) {
  await measure('w', { url: app.url + paths[w], connections: 10, duration: 2, headers: w === 'signin' ? {} : { cookie } });
  const f = await measure('m', { url: app.url + paths[w], connections: 10, duration: Number(process.env.SECS ?? 6), headers: w === 'signin' ? {} : { cookie } });
  console.log(w, f.rps.toFixed(0), 'req/s p50', f.p50, 'p99', f.p99, 'non2xx', f.non2xx, 'rss', app.rssMb().toFixed(0));
}
await app.stop(); await database.stop(); process.exit(0);

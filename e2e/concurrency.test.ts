// The invitation rules under 10x the load of the integration tests, fired over
// HTTP at two instances of the built app that share one database (what a
// deployment behind a load balancer looks like). Requests alternate between
// the two processes, so the rules must hold across them, i.e. in PostgreSQL.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/types';
import type { Actor } from '@/server/actor';
import { newActivationToken } from '@/server/invitations/activation-token';
import { hashToken } from '@/server/secrets';
import { PENDING_INVITATION_LIMIT } from '@/server/invitations/policy';
import { createOrganization } from '@/server/orgs/create-organization';
import { createApiToken } from '@/server/tokens/create-api-token';
import { startSmtpServer, type TestSmtpServer } from '@/test-support/mail/smtp-server';
import { type RunningApp, startApp } from '@/test-support/app/start-app';
import { hiddenFields } from '@/test-support/app/auth-requests';

let smtp: TestSmtpServer;
let apps: RunningApp[];
let db: Kysely<Database>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  // The rules' own races at full pool concurrency: one person's requests are not held back
  // by their fair share, nor this one host's connections by the per-address cap
  // (e2e/fair-share.test.ts and e2e/request-limits.test.ts test those).
  const env = { POOL_SHARE_PER_PERSON: '100000', POOL_SHARE_PER_ORGANIZATION: '100000', HTTP_MAX_CONNECTIONS_PER_ADDRESS: '100000' };
  const first = await startApp({ smtpUrl: smtp.url, env });
  apps = [first, await startApp({ smtpUrl: smtp.url, databaseUrl: first.databaseUrl, env })];
  db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: first.databaseUrl, max: 4 }) }) });
}, 180_000);

afterAll(async () => {
  await Promise.all((apps ?? []).map((app) => app.stop()));
  await db?.destroy();
  await smtp?.close();
});

/** The i-th request goes to one instance, the next to the other. */
const instance = (i: number) => apps[i % 2]!.url;

let people = 0;
async function person(): Promise<Actor> {
  people += 1;
  const row = await db
    .insertInto('User')
    .values({ id: crypto.randomUUID(), email: `owner${people}@example.com`, name: `Owner ${people}` })
    .returning(['id', 'email', 'name'])
    .executeTakeFirstOrThrow();
  return { userId: row.id, email: row.email, name: row.name };
}

/** An organization with `count` owners, each with an API token for it. */
async function orgWithOwners(count: number) {
  const [first, ...rest] = await Promise.all(Array.from({ length: count }, person));
  const org = await createOrganization(db, first!, { name: `Load ${people}` });
  if (rest.length) {
    await db.insertInto('memberships').values(rest.map((p) => ({ organization_id: org.id, user_id: p.userId, role: 'owner' as const }))).execute();
  }
  const owners = [first!, ...rest];
  const tokens = await Promise.all(owners.map(async (owner) => (await createApiToken(db, owner, { orgId: org.id, description: 'load' })).token));
  return { org, owners: owners.map((owner, i) => ({ ...owner, token: tokens[i]! })) };
}

async function call(i: number, token: string, path: string, input: unknown): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${instance(i)}/api/trpc/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { error?: { data?: { code?: string } } };
  return { status: response.status, code: body.error?.data?.code };
}

const tally = (results: { status: number; code?: string }[]) =>
  results.reduce<Record<string, number>>((counts, r) => ({ ...counts, [r.code ?? r.status]: (counts[r.code ?? r.status] ?? 0) + 1 }), {});

describe('two app processes, one database, 10x the load', () => {
  it('2,000 concurrent invitations into one organization: exactly 50 pending, every other one refused for the limit', async () => {
    const { org, owners } = await orgWithOwners(1);
    const results = await Promise.all(
      Array.from({ length: 2000 }, (_, i) => call(i, owners[0]!.token, 'org.invitation.create', { orgId: org.id, email: `wave${i}@example.com`, role: 'owner' })),
    );
    // Every request is answered: created, refused for the limit, or (when a process is
    // saturated and a request waited 10 s for a database connection) shed with a 503
    // that changed nothing. Never a 500, never a 51st invitation.
    const { 200: created, PRECONDITION_FAILED: refused = 0, SERVICE_UNAVAILABLE: shed = 0, ...other } = tally(results);
    expect(other).toEqual({});
    expect(created).toBe(PENDING_INVITATION_LIMIT);
    expect(refused + shed).toBe(2000 - PENDING_INVITATION_LIMIT);
    if (shed) console.info(`2,000 concurrent invitations: ${shed} shed with 503 under saturation`);
    const pending = await db.selectFrom('invitations').select('id').where('organization_id', '=', org.id).execute();
    expect(pending).toHaveLength(PENDING_INVITATION_LIMIT);
    const audit = await db.selectFrom('audit_events').select('id').where('organization_id', '=', org.id).where('action', '=', 'member.invited').execute();
    expect(audit).toHaveLength(PENDING_INVITATION_LIMIT);
  });

  it('200 concurrent accepts of one link, as browsers without JavaScript post the form: one account, one membership, one session', async () => {
    const { org, owners } = await orgWithOwners(1);
    const { token } = newActivationToken();
    await db
      .insertInto('invitations')
      .values({ organization_id: org.id, email: 'crowd@example.com', role: 'owner', token_hash: hashToken(token), invited_by: owners[0]!.userId, expires_at: sql<Date>`now() + interval '72 hours'` })
      .execute();
    const fields = hiddenFields(await (await fetch(`${instance(0)}/invite/${token}`)).text());
    expect(fields.get('token')).toBe(token);

    const statuses = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const form = new FormData();
        for (const [name, value] of fields) form.append(name, value);
        form.append('name', `Crowd ${i}`);
        const response = await fetch(`${instance(i)}/invite/${token}`, { method: 'POST', body: form, headers: { origin: instance(i) }, redirect: 'manual' });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    const users = await db.selectFrom('User').select('id').where('email', '=', 'crowd@example.com').execute();
    expect(users).toHaveLength(1);
    const memberships = await db.selectFrom('memberships').select('id').where('user_id', '=', users[0]!.id).execute();
    expect(memberships).toHaveLength(1);
    expect(await db.selectFrom('Session').select('id').where('userId', '=', users[0]!.id).execute()).toHaveLength(1);
    const accepted = await db.selectFrom('invitations').select('accepted_at').where('organization_id', '=', org.id).executeTakeFirstOrThrow();
    expect(accepted.accepted_at).not.toBeNull();
  });

  it('50 pairs of owners removing each other at the same moment: in every organization exactly one remains', async () => {
    const pairs = await Promise.all(Array.from({ length: 50 }, () => orgWithOwners(2)));
    const results = await Promise.all(
      pairs.flatMap(({ org, owners: [a, b] }, i) => [
        call(i, a!.token, 'org.member.remove', { orgId: org.id, userId: b!.userId }),
        call(i + 1, b!.token, 'org.member.remove', { orgId: org.id, userId: a!.userId }),
      ]),
    );
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(50);
    for (const { org } of pairs) {
      expect(await db.selectFrom('memberships').select('user_id').where('organization_id', '=', org.id).execute()).toHaveLength(1);
    }
  });

  it('18 owners each removing all 17 others at once (306 requests): one owner remains', async () => {
    const { org, owners } = await orgWithOwners(18);
    const attempts = owners.flatMap((actor) => owners.filter((target) => target !== actor).map((target) => ({ actor, target })));
    const results = await Promise.all(
      attempts.map(({ actor, target }, i) => call(i, actor.token, 'org.member.remove', { orgId: org.id, userId: target.userId })),
    );
    // Refusals: the target was already gone, the remover was already removed (token dead), or the last owner.
    expect(Object.keys(tally(results)).sort()).toEqual(expect.arrayContaining(['200']));
    expect(results.filter((r) => !(r.status === 200 || ['NOT_FOUND', 'PRECONDITION_FAILED', 'UNAUTHORIZED'].includes(r.code ?? '')))).toEqual([]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(17);
    expect(await db.selectFrom('memberships').select('user_id').where('organization_id', '=', org.id).execute()).toHaveLength(1);
  });
});


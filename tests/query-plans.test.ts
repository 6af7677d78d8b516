// The Members page must cost the same for 100 members as for 100,000: its
// queries may never read a whole table. This runs the real services against an
// organization of 100,000 members (and others around it), records every
// statement they send, and asks PostgreSQL for each plan.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { PreparingClient, preparedStatementName } from '@/db/prepared';
import type { Database } from '@/db/types';
import type { Actor } from '@/server/actor';
import { actorForSessionToken } from '@/server/auth/sessions';
import { inviteMember } from '@/server/invitations/invite-member';
import { listInvitations } from '@/server/invitations/list-invitations';
import { listMembers } from '@/server/members/list-members';
import { requireMembership } from '@/server/orgs/membership';
import { listMyOrganizations } from '@/server/orgs/list-my-organizations';
import { authenticateApiToken } from '@/server/tokens/authenticate-api-token';
import { createApiToken } from '@/server/tokens/create-api-token';

type Statement = { sql: string; parameters: readonly unknown[] };
const recorded: Statement[] = [];
/** A Kysely whose every statement lands in `recorded`. */
const recordingDb = (pool: pg.PoolConfig) =>
  new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL, ...pool }) }),
    log: (event) => {
      if (event.level === 'query') recorded.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
const recording = recordingDb({ max: 2 });
afterAll(() => recording.destroy());

const BIG = 100_000;
let owner: Actor;
let orgId: string;
let lastPageCursor: string;

async function seed() {
  const orgs = await sql<{ id: string }>`insert into organizations (name) select 'Org ' || i from generate_series(1, 3) i returning id`.execute(db);
  const [big, ...others] = orgs.rows.map((r) => r.id);
  orgId = big!;
  await sql`
    with series as (select i, gen_random_uuid() as id from generate_series(1, ${BIG + 4_000}) i),
    people as (insert into "User" (id, email, name) select id, 'person' || i || '@example.com', 'Person ' || i from series)
    insert into memberships (organization_id, user_id, role, created_at)
    select case when i <= ${BIG} then ${big}::uuid when i % 2 = 0 then ${others[0]}::uuid else ${others[1]}::uuid end,
           id, 'owner', now() - make_interval(secs => ${BIG + 4_000} - i)
    from series`.execute(db);
  // And many organizations of one person, as in real life: what a typical organization
  // looks like to the planner (and so to a generic plan) is small.
  await sql`
    with orgs as (insert into organizations (name) select 'Solo ' || i from generate_series(1, 500) i returning id),
    people as (insert into "User" (id, email, name) select gen_random_uuid(), 'solo-' || id || '@example.com', 'Solo' from orgs returning id, email)
    insert into memberships (organization_id, user_id, role)
    select orgs.id, people.id, 'owner' from orgs join people on people.email = 'solo-' || orgs.id || '@example.com'`.execute(db);
  // Invitations of every state: a long history of accepted and withdrawn ones, 50 open.
  await sql`
    insert into invitations (organization_id, email, role, token_hash, invited_by, expires_at, accepted_at, withdrawn_at)
    select ${big}::uuid, 'invitee' || i || '@example.com', 'owner', md5(i::text), (select id from "User" where email = 'person1@example.com'),
           now() + interval '3 days',
           case when i % 2 = 0 and i > 50 then now() end,
           case when i % 2 = 1 and i > 50 then now() end
    from generate_series(1, 20000) i`.execute(db);
  await sql`analyze`.execute(db);
  const row = await db.selectFrom('User').select(['id', 'email', 'name']).where('email', '=', 'person1@example.com').executeTakeFirstOrThrow();
  owner = { userId: row.id, email: row.email, name: row.name };
  await db.insertInto('Session').values({ sessionToken: 'plan-session', userId: owner.userId, expires: sql<Date>`now() + interval '1 day'` }).execute();
  let cursor: string | null = null;
  for (let page = 0; page < 3; page += 1) cursor = (await listMembers(db, owner, { orgId, ...(cursor ? { cursor } : {}) })).nextCursor;
  lastPageCursor = cursor!;
}

/**
 * The owner of the big organization lists members (first and last page, by address,
 * by `terms.name`) and invitations (all, by address), then invites `terms.invite`
 * (refused or not: only its statements matter).
 */
async function listsSearchesAndInvite(executor: Kysely<Database>, terms: { name: string; invite: string }) {
  await listMembers(executor, owner, { orgId });
  await listMembers(executor, owner, { orgId, cursor: lastPageCursor });
  await listMembers(executor, owner, { orgId, search: 'person99993@' });
  await listMembers(executor, owner, { orgId, search: terms.name });
  await listInvitations(executor, owner, { orgId });
  await listInvitations(executor, owner, { orgId, search: 'invitee7' });
  await inviteMember(executor, owner, { orgId, email: terms.invite, role: 'owner' }).catch(() => undefined);
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

/** EXPLAIN of every recorded statement (plans only: nothing is executed again). */
async function plans(statements: Statement[]) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const result: { sql: string; nodes: PlanNode[] }[] = [];
    for (const statement of statements) {
      if (!/^\s*(select|insert|update|delete|with)\b/i.test(statement.sql)) continue;
      const { rows } = await client.query(`explain (format json) ${statement.sql}`, statement.parameters as unknown[]);
      result.push({ sql: statement.sql, nodes: nodes((rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan) });
    }
    return result;
  } finally {
    await client.end();
  }
}

// The tables that grow with organizations (small ones, like organizations, are rightly read whole).
const TABLES = new Set(['memberships', 'invitations', 'User']);
const seqScans = (explained: Awaited<ReturnType<typeof plans>>) =>
  explained.flatMap(({ sql: text, nodes: found }) =>
    found.filter((n) => n['Node Type'] === 'Seq Scan' && TABLES.has(n['Relation Name'] ?? '')).map((n) => `${n['Relation Name']} in: ${text}`),
  );

describe('query plans at 100,000 members', () => {
  it('no statement of the Members page, the lists, searching, inviting or authenticating reads a whole table', async () => {
    await seed();
    const { token } = await createApiToken(db, owner, { orgId, description: 'plans' });
    recorded.length = 0;

    await actorForSessionToken(recording, 'plan-session');
    await authenticateApiToken(recording, token);
    await requireMembership(recording, owner, orgId);
    await listMyOrganizations(recording, owner);
    await listsSearchesAndInvite(recording, { name: 'Person 7', invite: 'person100003@example.com' });

    const explained = await plans(recorded);
    if (process.env.SHOW_PLANS) for (const e of explained) console.log(e.sql, '\n   ', e.nodes.map((n) => `${n['Node Type']} ${n['Relation Name'] ?? ''} ${n['Index Name'] ?? ''}`).join(' | '));
    expect(explained.length).toBeGreaterThanOrEqual(11); // at least one statement per call above
    expect(seqScans(explained)).toEqual([]);
  }, 120_000);
});

// PostgreSQL may settle on one generic plan for a prepared statement after five
// runs, depending on the values it has seen (measured: a few broad searches made
// every later search read the whole organization). So every statement the app
// prepares must have a generic plan that is fine at 100,000 members. On a
// connection of the app's own kind with generic plans forced, run the lists and
// searches, then ask what each statement costs with the plan that connection uses.
describe('prepared statements at 100,000 members', () => {
  it('have plans that read a page, not the organization, whatever values they were prepared with', async () => {
    const prepared = recordingDb({ max: 1, Client: PreparingClient, options: '-c plan_cache_mode=force_generic_plan' });
    const plain = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await plain.connect();
    try {
      await seed();
      recorded.length = 0;
      await listsSearchesAndInvite(prepared, { name: 'Person 99993', invite: 'person100005@example.com' });
      // Reads only: EXPLAIN ANALYZE runs the statement, and a lock or a write must not run twice.
      const atScale = recorded.splice(0).filter((statement) => /^\s*select\b/i.test(statement.sql) && !/\bfor (no key )?update\b/i.test(statement.sql));
      const work = await prepared.connection().execute(async (connection) => {
        const found: { sql: string; named: boolean; rows: number }[] = [];
        for (const statement of atScale) {
          const name = preparedStatementName(statement.sql);
          let plan: AnalyzedNode;
          if (name) {
            // The plan this connection keeps for the named statement (generic, as forced).
            const args = statement.parameters.map((value) => pg.escapeLiteral(String(value))).join(', ');
            const { rows } = await sql<{ 'QUERY PLAN': { Plan: AnalyzedNode }[] }>`explain (analyze, format json) execute ${sql.id(name)}(${sql.raw(args)})`.execute(connection);
            plan = rows[0]!['QUERY PLAN'][0]!.Plan;
          } else {
            // Sent unnamed: planned with its values every time.
            const { rows } = await plain.query(`explain (analyze, format json) ${statement.sql}`, statement.parameters as unknown[]);
            plan = (rows[0]['QUERY PLAN'] as { Plan: AnalyzedNode }[])[0]!.Plan;
          }
          found.push({ sql: statement.sql, named: name !== null, rows: rowsTouched(plan) });
        }
        return found;
      });
      if (process.env.SHOW_PLANS) for (const w of work) console.log(w.named ? 'named' : 'unnamed', w.rows, w.sql.slice(0, 100));
      expect(work.filter((w) => w.named).length).toBeGreaterThanOrEqual(3);
      // A page is 26 rows (plus the 50 open invitations counted); nothing reads the organization.
      expect(work.filter((w) => w.rows > 1_000)).toEqual([]);
    } finally {
      await plain.end();
      await prepared.destroy();
    }
  }, 120_000);
});

type AnalyzedNode = PlanNode & { 'Actual Rows'?: number; 'Actual Loops'?: number; 'Rows Removed by Filter'?: number; Plans?: AnalyzedNode[] };

/** The rows a plan produced or looked at and threw away, over all its nodes: the work it did. */
function rowsTouched(node: AnalyzedNode): number {
  const loops = node['Actual Loops'] ?? 1;
  const own = ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * loops;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsTouched(child), 0);
}

// Bulk seeding for benchmarks: one INSERT ... SELECT per table, so an
// organization of 100,000 members takes seconds.
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/types';

export type SeededOrg = { orgId: string; ownerId: string; ownerEmail: string; sessionToken: string; invitationIds: string[] };

/** An organization with `members` members (the first is the owner who benchmarks sign in as) and `invitations` pending invitations. */
export async function seedOrganization(db: Kysely<Database>, options: { members: number; invitations: number; tag: string }): Promise<SeededOrg> {
  const { tag } = options;
  const org = await db.insertInto('organizations').values({ name: `Bench ${tag}` }).returning('id').executeTakeFirstOrThrow();
  const owner = await db
    .insertInto('User')
    .values({ id: crypto.randomUUID(), email: `owner-${tag}@example.com`, name: `Owner ${tag}` })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
  // Joined a minute before everyone else: the owner is first in join order.
  await db.insertInto('memberships').values({ organization_id: org.id, user_id: owner.id, role: 'owner', created_at: sql<Date>`now() - interval '1 day'` }).execute();
  await sql`
    with series as (select i, gen_random_uuid() as id from generate_series(2, ${options.members}) as i),
    people as (
      insert into "User" (id, email, name)
      select id, 'member' || i || '-' || ${tag} || '@example.com', 'Member ' || i from series
    )
    insert into memberships (organization_id, user_id, role, created_at)
    select ${org.id}, id, 'owner', now() - make_interval(secs => ${options.members} - i) from series`.execute(db);
  const invitations = await sql<{ id: string }>`
    insert into invitations (organization_id, email, role, token_hash, invited_by, expires_at)
    select ${org.id}, 'invitee' || i || '-' || ${tag} || '@example.com', 'owner', md5(${tag} || random()::text || i), ${owner.id}, now() + interval '72 hours'
    from generate_series(1, ${options.invitations}) as i
    returning id`.execute(db);
  const sessionToken = randomBytes(32).toString('hex');
  await db.insertInto('Session').values({ sessionToken, userId: owner.id, expires: sql<Date>`now() + interval '1 day'` }).execute();
  return { orgId: org.id, ownerId: owner.id, ownerEmail: owner.email, sessionToken, invitationIds: invitations.rows.map((r) => r.id) };
}

/** Fresh planner statistics after seeding (run once, after the last seedOrganization). */
export const analyze = (db: Kysely<Database>) => sql`analyze`.execute(db);

/** The cookie a signed-in browser sends (APP_URL is http here, so no __Secure- prefix). */
export const sessionCookie = (sessionToken: string) => `authjs.session-token=${sessionToken}`;

// What is in the test database, to compare before and after a request.
import { sql } from 'kysely';
import { db } from '@/db';

export async function countRows(table: 'organizations' | 'memberships' | 'audit_events' | 'User' | 'dev_emails'): Promise<number> {
  const { count } = await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  return Number(count);
}

/** Row counts of everything a refused request must leave alone. */
export async function snapshot() {
  const count = async (table: 'invitations' | 'memberships' | 'audit_events' | 'User' | 'Session') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const invitationState = await db.selectFrom('invitations').select(['id', 'token_hash', 'expires_at', 'accepted_at', 'withdrawn_at', 'send_count']).orderBy('id').execute();
  return {
    invitations: await count('invitations'),
    memberships: await count('memberships'),
    audit: await count('audit_events'),
    users: await count('User'),
    sessions: await count('Session'),
    invitationState: JSON.stringify(invitationState),
  };
}

/** Email jobs waiting in graphile-worker's table. */
export async function queuedJobCount(): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs`.execute(db);
  return Number(rows[0]!.n);
}

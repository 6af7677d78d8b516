import { sql } from 'kysely';
import type { Tx } from '@/db';
import { membershipIdQuery } from './membership';

/**
 * Serializes the changes of one organization whose rules count rows (at most
 * 50 pending invitations, never the last Owner): concurrent transactions wait
 * here instead of all passing a check and then all inserting. NO KEY UPDATE
 * does not block inserts that merely reference the organization.
 */
export async function lockOrganization(tx: Tx, orgId: string): Promise<void> {
  await sql`select 1 from organizations where id = ${orgId} for no key update`.execute(tx);
}

/**
 * lockOrganization without waiting, and only for one of its members: true if
 * the lock is now held, false if someone else holds it or `userId` is not a
 * member (the caller then checks without the lock first, so a refusal, or a
 * stranger, never waits for it or holds it).
 */
export async function tryLockOrganizationAsMember(tx: Tx, orgId: string, userId: string): Promise<boolean> {
  const { rows } = await sql`
    select 1 from organizations o
    where o.id = ${orgId} and exists (${membershipIdQuery(tx, orgId, userId)})
    for no key update of o skip locked`.execute(tx);
  return rows.length > 0;
}

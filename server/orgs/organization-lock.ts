import { sql } from 'kysely';
import type { Tx } from '@/db';
import { notFound } from '@/server/errors';
import { membershipIdQuery } from './membership';

/**
 * Serializes the changes of one organization whose rules count rows (at most
 * 50 pending invitations, never the last Owner): concurrent transactions wait
 * here instead of all passing a check and then all inserting. NO KEY UPDATE
 * does not block inserts that merely reference the organization.
 *
 * Only a member may take or wait for the lock: the membership is part of the
 * statement's condition, so a stranger's row never qualifies and is refused
 * (404, as for an organization that does not exist) without waiting. The caller
 * checks the membership again after the lock, in a fresh statement, since a
 * member may have been removed while waiting.
 */
export async function lockOrganizationAsMember(tx: Tx, orgId: string, userId: string): Promise<void> {
  if (!(await lockedAsMember(tx, orgId, userId, 'wait'))) throw notFound('Organization');
}

/**
 * lockOrganizationAsMember without waiting: true if the lock is now held, false
 * if someone else holds it or `userId` is not a member (the caller then checks
 * without the lock first, so a refusal never waits for it or holds it).
 */
export function tryLockOrganizationAsMember(tx: Tx, orgId: string, userId: string): Promise<boolean> {
  return lockedAsMember(tx, orgId, userId, 'skip locked');
}

async function lockedAsMember(tx: Tx, orgId: string, userId: string, busy: 'wait' | 'skip locked'): Promise<boolean> {
  const { rows } = await sql`
    select 1 from organizations o
    where o.id = ${orgId} and exists (${membershipIdQuery(tx, orgId, userId)})
    for no key update of o ${busy === 'skip locked' ? sql`skip locked` : sql``}`.execute(tx);
  return rows.length > 0;
}

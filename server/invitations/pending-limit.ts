// Rule 5 of DESIGN.md: at most 50 pending invitations per organization. The check
// that lets an invitation through runs under the organization lock
// (lockOrganizationAsMember), so the count cannot go stale; a read without the lock may
// only refuse early (the limit was reached when it read, which is a valid answer).
import { sql } from 'kysely';
import type { DB, Tx } from '@/db';
import { AppError } from '@/server/errors';
import { PENDING_INVITATION_LIMIT } from './policy';

/** Pending = not accepted, not withdrawn, not expired. As a query, to use on its own or as a subquery. */
export function pendingInvitationsQuery(executor: DB | Tx, orgId: string) {
  return executor
    .selectFrom('invitations')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('organization_id', '=', orgId)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`);
}

export async function countPendingInvitations(executor: DB | Tx, orgId: string): Promise<number> {
  const { count } = await pendingInvitationsQuery(executor, orgId).executeTakeFirstOrThrow();
  return Number(count);
}

export function assertBelowPendingLimit(pending: number): void {
  if (pending >= PENDING_INVITATION_LIMIT) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `This organization already has ${PENDING_INVITATION_LIMIT} pending invitations, the most it can have at a time. ` +
        'Withdraw one, or wait until someone accepts, before inviting more.',
      'email',
    );
  }
}

import { sql } from 'kysely';
import type { DB } from '@/db';
import type { Actor } from '@/server/actor';
import { recordAuditEvent } from '@/server/audit/record-audit-event';
import { type NewSession, startSession } from '@/server/auth/sessions';
import { AppError, type AppErrorCode } from '@/server/errors';
import { type AcceptInvitationInput, NAME_REQUIRED_MESSAGE } from '@/server/schemas';
import { findOrCreateUser } from '@/server/users/find-or-create-user';
import { type InvitationLanding, lockInvitationLanding } from './invitation-landing';

const REFUSALS: Record<Exclude<InvitationLanding['state'], 'valid'>, [AppErrorCode, string]> = {
  unknown: ['NOT_FOUND', 'This invitation link is not valid. Check that you copied the whole link.'],
  withdrawn: ['PRECONDITION_FAILED', 'This invitation is no longer valid: it was withdrawn.'],
  used: ['CONFLICT', 'This invitation is no longer valid: it has already been used.'],
  expired: ['PRECONDITION_FAILED', 'This invitation has expired. Ask the person who invited you to resend it.'],
  'wrong-account': ['CONFLICT', 'You are signed in with a different address than the one invited. Sign out to accept it.'],
  'already-member': ['CONFLICT', 'You are already a member of this organization.'],
};

const refusal = (state: keyof typeof REFUSALS) => new AppError(...REFUSALS[state]);

export type AcceptResult = { orgId: string; organizationName: string; userId: string; session: NewSession | null };

/**
 * Accepts an invitation: the account is created if needed (the link proves the
 * address), the person becomes an Owner, the secret is consumed and, for a
 * visitor who was not signed in, a session starts. One transaction; the row
 * lock on the invitation makes the link single-use under concurrent requests.
 */
export async function acceptInvitation(db: DB, actor: Actor | null, input: AcceptInvitationInput): Promise<AcceptResult> {
  return db.transaction().execute(async (tx) => {
    const { landing, invitationId } = await lockInvitationLanding(tx, actor, input.token);
    if (landing.state !== 'valid' || !invitationId) throw refusal(landing.state === 'valid' ? 'unknown' : landing.state);
    const { orgId, organizationName, email, role } = landing.details;

    let userId: string;
    let session: AcceptResult['session'] = null;
    if (actor) {
      userId = actor.userId;
    } else {
      const name = landing.needsName ? input.name : null;
      if (name === undefined) throw new AppError('BAD_REQUEST', NAME_REQUIRED_MESSAGE, 'name');
      userId = await findOrCreateUser(tx, email, name);
      session = await startSession(tx, userId);
    }

    const joined = await tx
      .insertInto('memberships')
      .values({ organization_id: orgId, user_id: userId, role })
      .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!joined) throw refusal('already-member');
    await tx.updateTable('invitations').set({ accepted_at: sql<Date>`now()`, accepted_by: userId }).where('id', '=', invitationId).execute();
    await recordAuditEvent(tx, {
      organizationId: orgId,
      actor: actor ?? { userId },
      action: 'invitation.accepted',
      target: { type: 'invitation', id: invitationId },
      metadata: { email, role },
    });
    return { orgId, organizationName, userId, session };
  });
}

import { sql } from 'kysely';
import type { DB } from '@/db';
import type { Actor } from '@/server/actor';
import { recordAuditEvent } from '@/server/audit';
import { AppError } from '@/server/errors';
import { lockOrganization } from '@/server/orgs/lock';
import { consumeRateLimit, invitationEmailLimit } from '@/server/rate-limit';
import { requireMembership } from '@/server/orgs/membership';
import { inviteMemberInput } from '@/server/schemas';
import { parseInput } from '@/server/validate';
import { assertBelowPendingLimit, countPendingInvitations } from './pending-limit';
import { INVITATION_TTL_HOURS } from './policy';
import { enqueueInvitationEmail } from '@/server/queue/jobs';
import { newActivationToken } from './tokens';

export type InviteResult = { invitationId: string; email: string };

/** Invites one address to the organization: invitation, audit event and email job in one transaction. */
export async function inviteMember(db: DB, actor: Actor | null, input: unknown): Promise<InviteResult> {
  const { orgId, email, role } = parseInput(inviteMemberInput, input);
  return db.transaction().execute(async (tx) => {
    await lockOrganization(tx, orgId);
    const { actor: inviter } = await requireMembership(tx, actor, orgId);

    const member = await tx
      .selectFrom('memberships as m')
      .innerJoin('User as u', 'u.id', 'm.user_id')
      .select('u.email')
      .where('m.organization_id', '=', orgId)
      .where('u.email', '=', email)
      .executeTakeFirst();
    if (member) throw new AppError('CONFLICT', `${member.email} is already a member of this organization.`, 'email');

    const open = await tx
      .selectFrom('invitations')
      .select(['email', sql<boolean>`expires_at <= now()`.as('expired')])
      .where('organization_id', '=', orgId)
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    if (open) {
      throw new AppError(
        'CONFLICT',
        open.expired
          ? `The invitation to ${open.email} has expired. Use "Resend" in the list below to send a new link.`
          : `${open.email} already has a pending invitation. Use "Resend" in the list below to send it again.`,
        'email',
      );
    }

    assertBelowPendingLimit(await countPendingInvitations(tx, orgId));
    await consumeRateLimit(tx, invitationEmailLimit(orgId));

    const { token, hash } = newActivationToken();
    const invitation = await tx
      .insertInto('invitations')
      .values({
        organization_id: orgId,
        email,
        role,
        token_hash: hash,
        invited_by: inviter.userId,
        expires_at: sql<Date>`now() + make_interval(hours => ${INVITATION_TTL_HOURS})`,
      })
      .returning(['id', 'email'])
      .executeTakeFirstOrThrow();
    await recordAuditEvent(tx, {
      organizationId: orgId,
      actor: inviter,
      action: 'member.invited',
      target: { type: 'invitation', id: invitation.id },
      metadata: { email: invitation.email, role },
    });
    // The email is queued in this transaction: it exists if and only if the invitation does.
    await enqueueInvitationEmail(tx, { id: invitation.id, sendCount: 1, token });
    return { invitationId: invitation.id, email: invitation.email };
  });
}

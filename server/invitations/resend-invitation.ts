import { sql } from 'kysely';
import type { DB } from '@/db';
import type { Actor } from '@/server/actor';
import { recordAuditEvent } from '@/server/audit/record-audit-event';
import { AppError } from '@/server/errors';
import { lockOrganizationAsMember } from '@/server/orgs/organization-lock';
import { consumeRateLimit, invitationEmailLimit } from '@/server/rate-limit';
import { actorForOrganization, requireMembership } from '@/server/orgs/membership';
import type { InvitationActionInput } from '@/server/schemas';
import { assertBelowPendingLimit, countPendingInvitations } from './pending-limit';
import { INVITATION_TTL_HOURS, RESEND_INTERVAL_SECONDS } from './policy';
import { enqueueInvitationEmail } from '@/server/queue/jobs';
import { newActivationToken } from './activation-token';
import { invitationNotFound } from './errors';

/**
 * A fresh secret and a fresh 72-hour window, emailed again; the previous link
 * stops working. Works on an expired invitation if the pending limit allows.
 */
export async function resendInvitation(db: DB, actor: Actor | null, input: InvitationActionInput): Promise<{ email: string }> {
  const { orgId, invitationId } = input;
  return db.transaction().execute(async (tx) => {
    const signedIn = actorForOrganization(actor, orgId);
    await lockOrganizationAsMember(tx, orgId, signedIn.userId);
    // Checked again after the lock: the resender may have been removed while waiting.
    const { actor: me } = await requireMembership(tx, signedIn, orgId);
    const invitation = await tx
      .selectFrom('invitations')
      .select([
        'id',
        'email',
        'role',
        sql<boolean>`expires_at <= now()`.as('expired'),
        sql<number>`ceil(extract(epoch from (last_sent_at + make_interval(secs => ${RESEND_INTERVAL_SECONDS}) - now())))::int`.as('waitSeconds'),
      ])
      .where('id', '=', invitationId)
      .where('organization_id', '=', orgId)
      .where('accepted_at', 'is', null)
      .where('withdrawn_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!invitation) throw invitationNotFound();
    if (invitation.waitSeconds > 0) {
      throw new AppError(
        'TOO_MANY_REQUESTS',
        `This invitation was sent less than a minute ago. You can resend it in ${invitation.waitSeconds} second${invitation.waitSeconds === 1 ? '' : 's'}.`,
      );
    }
    // An expired invitation becomes pending again, so it must fit under the limit.
    if (invitation.expired) assertBelowPendingLimit(await countPendingInvitations(tx, orgId));
    await consumeRateLimit(tx, invitationEmailLimit(orgId));

    const { token, hash } = newActivationToken();
    const updated = await tx
      .updateTable('invitations')
      .set({
        token_hash: hash,
        expires_at: sql<Date>`now() + make_interval(hours => ${INVITATION_TTL_HOURS})`,
        last_sent_at: sql<Date>`now()`,
        send_count: sql<number>`send_count + 1`,
        email_status: 'sending',
        email_error: null,
      })
      .where('id', '=', invitation.id)
      .returning(['send_count'])
      .executeTakeFirstOrThrow();
    await recordAuditEvent(tx, {
      organizationId: orgId,
      actor: me,
      action: 'invitation.resent',
      target: { type: 'invitation', id: invitation.id },
      metadata: { email: invitation.email, sendCount: updated.send_count },
    });
    await enqueueInvitationEmail(tx, { id: invitation.id, sendCount: updated.send_count, token });
    return { email: invitation.email };
  });
}

// The email worker's side of an invitation: render from the current database
// state (so a template or name fix applies to queued mail), send, record the outcome.
import { sql } from 'kysely';
import { db } from '@/db';
import { getConfig } from '@/server/config';
import { formatAbsoluteUtc, ROLE_LABELS } from '@/lib/format';
import { log } from '@/server/log';
import { type Attempt, classifyFailure } from '@/server/mail/delivery-errors';
import { sendEmail } from '@/server/mail/send-email';
import type { JobPayloads } from '@/server/queue/jobs';
import { open } from '@/server/queue/secret-box';
import { INVITATION_TTL_HOURS } from './policy';

/** The activation link: always on APP_URL, never on the request's Host. */
export function activationLink(token: string): string {
  return `${getConfig().appUrl}/invite/${token}`;
}

export async function deliverInvitationEmail(payload: JobPayloads['send_invitation_email'], attempt: Attempt): Promise<void> {
  const invitation = await db
    .selectFrom('invitations as i')
    .innerJoin('organizations as o', 'o.id', 'i.organization_id')
    .leftJoin('User as u', 'u.id', 'i.invited_by')
    .select(['i.id', 'i.email', 'i.role', 'i.expires_at', 'i.send_count', 'i.accepted_at', 'i.withdrawn_at', 'o.name as organizationName', 'u.name as inviterName', 'u.email as inviterEmail'])
    .where('i.id', '=', payload.invitationId)
    .executeTakeFirst();
  // Accepted, withdrawn, or superseded by a resend (a newer secret): this email would only confuse.
  if (!invitation || invitation.accepted_at || invitation.withdrawn_at || invitation.send_count !== payload.sendCount) {
    log.info('invitation email skipped: no longer current', { invitationId: payload.invitationId });
    return;
  }
  const record = (status: 'sent' | 'failed' | 'sending', error: string | null) =>
    db
      .updateTable('invitations')
      .set({ email_status: status, email_error: error, ...(status === 'sent' ? { email_sent_at: sql<Date>`now()` } : {}) })
      .where('id', '=', invitation.id)
      .where('send_count', '=', payload.sendCount)
      .execute();

  let token: string;
  try {
    token = open(payload.sealedToken);
  } catch {
    await record('failed', 'link could not be prepared; resend the invitation');
    return;
  }
  // React Email loads on the first email, not at start (see server/mail/templates.ts).
  const { renderInvitationEmail } = await import('@/server/mail/templates');
  const email = await renderInvitationEmail({
    organizationName: invitation.organizationName,
    inviterName: invitation.inviterName,
    inviterEmail: invitation.inviterEmail ?? 'a former member',
    roleLabel: ROLE_LABELS[invitation.role],
    expiresAt: formatAbsoluteUtc(invitation.expires_at),
    validForHours: INVITATION_TTL_HOURS,
    url: activationLink(token),
  });
  try {
    await sendEmail({ to: invitation.email, ...email });
  } catch (error) {
    const { reason, final } = classifyFailure(error, attempt);
    log.warn('invitation email not delivered', { invitationId: invitation.id, attempt: attempt.attempts, final, reason });
    await record(final ? 'failed' : 'sending', reason);
    if (final) return; // a completed job: no more retries, and its sealed link is deleted with it
    throw error; // graphile-worker retries with exponential backoff
  }
  await record('sent', null);
}

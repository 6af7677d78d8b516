import { getConfig } from '@/server/config';
import { formatAbsoluteUtc, ROLE_LABELS } from '@/server/format';
import { errorFields, log } from '@/server/log';
import { sendEmail } from '@/server/mail/send-email';
import { renderInvitationEmail } from '@/server/mail/templates';
import type { Role } from '@/db/types';
import { INVITATION_TTL_HOURS } from './policy';

export type InvitationEmailData = {
  invitationId: string;
  to: string;
  token: string;
  organizationName: string;
  inviter: { name: string | null; email: string };
  role: Role;
  expiresAt: Date;
};

/** The activation link: always on APP_URL, never on the request's Host. */
export function activationLink(token: string): string {
  return `${getConfig().appUrl}/invite/${token}`;
}

/**
 * Sends the invitation after its transaction committed. Returns whether the
 * mail server took it; a failure is logged (without the link) and reported to
 * the owner, who can resend.
 */
export async function sendInvitationEmail(data: InvitationEmailData): Promise<boolean> {
  try {
    const email = await renderInvitationEmail({
      organizationName: data.organizationName,
      inviterName: data.inviter.name,
      inviterEmail: data.inviter.email,
      roleLabel: ROLE_LABELS[data.role],
      expiresAt: formatAbsoluteUtc(data.expiresAt),
      validForHours: INVITATION_TTL_HOURS,
      url: activationLink(data.token),
    });
    await sendEmail({ to: data.to, ...email });
    return true;
  } catch (error) {
    log.error('invitation email not sent', { invitationId: data.invitationId, ...errorFields(error) });
    return false;
  }
}

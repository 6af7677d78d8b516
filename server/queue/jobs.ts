// Email jobs on graphile-worker. Enqueueing is one SQL call on the caller's
// executor, so a job commits (or rolls back) with the change that caused it.
import { sql } from 'kysely';
import type { DB, Tx } from '@/db';
import { seal } from './secret-box';

/** Retries back off as e^attempt seconds (graphile-worker, capped at e^10 ≈ 6 h); 12 attempts span about 22 hours. */
export const EMAIL_MAX_ATTEMPTS = 12;

export type JobPayloads = {
  send_invitation_email: { invitationId: string; sendCount: number; sealedToken: string };
  send_sign_in_email: { to: string; sealedUrl: string; validForHours: number };
};
export type JobName = keyof JobPayloads;

/** The call that enqueues a job, as an expression (to select on its own, or inside a larger statement). */
function jobCall<N extends JobName>(name: N, payload: JobPayloads[N]) {
  return sql<unknown>`graphile_worker.add_job(${name}, ${JSON.stringify(payload)}::json, max_attempts => ${EMAIL_MAX_ATTEMPTS})`;
}

async function addJob<N extends JobName>(executor: DB | Tx, name: N, payload: JobPayloads[N]): Promise<void> {
  await sql`select ${jobCall(name, payload)}`.execute(executor);
}

type InvitationEmail = { id: string; sendCount: number; token: string };

/** Takes a transaction: the email must commit with the invitation (or resend) it announces. */
export function enqueueInvitationEmail(tx: Tx, invitation: InvitationEmail): Promise<void> {
  return addJob(tx, 'send_invitation_email', invitationEmailPayload(invitation));
}

/** enqueueInvitationEmail as an expression, for a statement that also writes the invitation (it must run in that transaction). */
export function invitationEmailJob(invitation: InvitationEmail) {
  return jobCall('send_invitation_email', invitationEmailPayload(invitation));
}

const invitationEmailPayload = (invitation: InvitationEmail): JobPayloads['send_invitation_email'] => ({
  invitationId: invitation.id,
  sendCount: invitation.sendCount,
  sealedToken: seal(invitation.token),
});

export function enqueueSignInEmail(db: DB | Tx, email: { to: string; url: string; validForHours: number }): Promise<void> {
  return addJob(db, 'send_sign_in_email', { to: email.to, sealedUrl: seal(email.url), validForHours: email.validForHours });
}

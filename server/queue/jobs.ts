// Email jobs on graphile-worker. Enqueueing is one SQL call on the caller's
// executor, so a job commits (or rolls back) with the change that caused it.
import { sql } from 'kysely';
import type { DB, Tx } from '@/db';
import { WithStatement } from '@/server/sql/with-statement';
import { seal } from './secret-box';

/** Retries back off as e^attempt seconds (graphile-worker, capped at e^10 ≈ 6 h); 12 attempts span about 22 hours. */
export const EMAIL_MAX_ATTEMPTS = 12;

export type JobPayloads = {
  send_invitation_email: { invitationId: string; sendCount: number; sealedToken: string };
  send_sign_in_email: { to: string; sealedUrl: string; validForHours: number };
};
export type JobName = keyof JobPayloads;

/** Sends the job at once on `target`, or adds it to the caller's WithStatement (read there, since a SELECT clause runs only when read). */
async function addJob<N extends JobName>(target: DB | Tx | WithStatement, name: N, payload: JobPayloads[N]): Promise<void> {
  const add = sql`select graphile_worker.add_job(${name}, ${JSON.stringify(payload)}::json, max_attempts => ${EMAIL_MAX_ATTEMPTS})`;
  if (target instanceof WithStatement) target.add('job', add, { columns: [] });
  else await add.execute(target);
}

/** Takes a transaction: the email must commit with the invitation (or resend) it announces. */
export function enqueueInvitationEmail(target: Tx | WithStatement, invitation: { id: string; sendCount: number; token: string }): Promise<void> {
  return addJob(target, 'send_invitation_email', { invitationId: invitation.id, sendCount: invitation.sendCount, sealedToken: seal(invitation.token) });
}

export function enqueueSignInEmail(target: DB | Tx | WithStatement, email: { to: string; url: string; validForHours: number }): Promise<void> {
  return addJob(target, 'send_sign_in_email', { to: email.to, sealedUrl: seal(email.url), validForHours: email.validForHours });
}

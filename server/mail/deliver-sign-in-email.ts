import { getConfig } from '@/server/config';
import { log } from '@/server/log';
import type { JobPayloads } from '@/server/queue/jobs';
import { open } from '@/server/queue/secret-box';
import { type Attempt, classifyFailure } from './delivery-errors';
import { sendEmail } from './send-email';

/** The email worker's side of a sign-in link. */
export async function deliverSignInEmail(payload: JobPayloads['send_sign_in_email'], attempt: Attempt): Promise<void> {
  let url: string;
  try {
    url = open(payload.sealedUrl);
  } catch {
    log.warn('sign-in email dropped: its link could not be unsealed (AUTH_SECRET changed?)');
    return;
  }
  // React Email loads on the first email, not at start (see ./templates.ts).
  const { renderSignInEmail } = await import('./templates');
  const email = await renderSignInEmail({ url, host: new URL(getConfig().appUrl).host, validForHours: payload.validForHours });
  try {
    await sendEmail({ to: payload.to, ...email });
  } catch (error) {
    const { reason, final } = classifyFailure(error, attempt);
    log.warn('sign-in email not delivered', { attempt: attempt.attempts, final, reason });
    if (!final) throw error;
  }
}

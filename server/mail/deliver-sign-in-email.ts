import { getConfig } from '@/server/config';
import { log } from '@/server/log';
import type { JobPayloads } from '@/server/queue/jobs';
import { open } from '@/server/queue/secret-box';
import { isPermanentFailure, shortReason } from './delivery-errors';
import { sendEmail } from './send-email';
import { renderSignInEmail } from './templates';

/** The email worker's side of a sign-in link. */
export async function deliverSignInEmail(payload: JobPayloads['send_sign_in_email'], attempt: { attempts: number; maxAttempts: number }): Promise<void> {
  let url: string;
  try {
    url = open(payload.sealedUrl);
  } catch {
    log.warn('sign-in email dropped: its link could not be unsealed (AUTH_SECRET changed?)');
    return;
  }
  const email = await renderSignInEmail({ url, host: new URL(getConfig().appUrl).host, validForHours: payload.validForHours });
  try {
    await sendEmail({ to: payload.to, ...email });
  } catch (error) {
    const final = isPermanentFailure(error) || attempt.attempts >= attempt.maxAttempts;
    log.warn('sign-in email not delivered', { attempt: attempt.attempts, final, reason: shortReason(error) });
    if (!final) throw error;
  }
}

// What an SMTP failure means for a retry, and how an owner reads it.
type SmtpError = { responseCode?: number; code?: string };

/** A 5xx answer will not change on retry; everything else (4xx, network) might. */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as SmtpError)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** A few words for the Members page: never the server's full answer. */
export function shortReason(error: unknown): string {
  const { responseCode, code } = (error ?? {}) as SmtpError;
  if (typeof responseCode === 'number') {
    return responseCode >= 500 ? `refused by the mail server (${responseCode})` : `mail server asked to retry later (${responseCode})`;
  }
  if (code === 'ECONNECTION' || code === 'ECONNREFUSED' || code === 'ESOCKET' || code === 'EDNS') return 'mail server unreachable';
  if (code === 'ETIMEDOUT') return 'mail server timed out';
  return 'could not be sent';
}

export type Attempt = { attempts: number; maxAttempts: number };

/**
 * The retry rule for every email job: a failure is final when the answer was
 * permanent (5xx) or this was the last attempt; otherwise the job is retried.
 */
export function classifyFailure(error: unknown, attempt: Attempt): { reason: string; final: boolean } {
  return { reason: shortReason(error), final: isPermanentFailure(error) || attempt.attempts >= attempt.maxAttempts };
}

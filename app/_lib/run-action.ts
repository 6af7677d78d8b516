import 'server-only';
import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import { AppError, DATABASE_UNAVAILABLE_MESSAGE, GENERIC_ERROR_MESSAGE, isDatabaseUnavailable } from '@/server/errors';
import { errorFields, log } from '@/server/log';
import type { FormState } from './form-state';

/**
 * The one place server actions turn results into what the page shows: the
 * success message `work` returns, an AppError's own message, or a generic one
 * (logged with a request id).
 */
export async function runAction(
  name: string,
  values: Record<string, string>,
  work: () => Promise<string | void | Pick<FormState, 'success' | 'secret'>>,
): Promise<FormState> {
  try {
    const result = await work();
    return typeof result === 'string' ? { success: result } : (result ?? {});
  } catch (error) {
    unstable_rethrow(error); // redirect() and notFound() are not failures
    if (error instanceof AppError) return { error: error.userMessage, field: error.field, values };
    if (isDatabaseUnavailable(error)) {
      log.warn('database unavailable', { action: name, ...errorFields(error) });
      return { error: DATABASE_UNAVAILABLE_MESSAGE, values };
    }
    const requestId = randomUUID();
    log.error('server action failed', { action: name, requestId, ...errorFields(error) });
    return { error: `${GENERIC_ERROR_MESSAGE} (reference ${requestId.slice(0, 8)})`, values };
  }
}

/** A form field as a string of bounded length (what we echo back to the form). */
export function formString(formData: FormData, name: string, max = 1000): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value.slice(0, max) : '';
}

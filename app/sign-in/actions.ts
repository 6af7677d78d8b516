'use server';

import { formString, runAction } from '@/app/_lib/run-action';
import type { FormState } from '@/app/_lib/form-state';
import { safeReturnPath } from '@/app/_lib/safe-path';
import { db } from '@/db';
import { signIn } from '@/server/auth';
import { checkRateLimit, signInEmailLimit } from '@/server/rate-limit';
import { AppError } from '@/server/errors';
import { emailSchema, firstIssueMessage } from '@/server/schemas';

export async function requestSignInLink(_previous: FormState, formData: FormData): Promise<FormState> {
  const typed = formString(formData, 'email', 254);
  return runAction('requestSignInLink', { email: typed }, async () => {
    const parsed = emailSchema.safeParse(formData.get('email'));
    if (!parsed.success) throw new AppError('BAD_REQUEST', firstIssueMessage(parsed.error), 'email');
    // Said here, next to the field; Auth.js's sendVerificationRequest enforces the same limit.
    await checkRateLimit(db, signInEmailLimit(parsed.data));
    // Redirects to the "check your email" page once the link is on its way.
    await signIn('nodemailer', { email: parsed.data.toLowerCase(), redirectTo: safeReturnPath(formData.get('callbackUrl')) });
  });
}

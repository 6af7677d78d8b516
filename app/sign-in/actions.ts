'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { flash } from '@/app/_lib/flash';
import { formString, runAction } from '@/app/_lib/run-action';
import type { FormState } from '@/app/_lib/form-state';
import { safeReturnPath } from '@/server/safe-path';
import { db } from '@/db';
import { signIn } from '@/server/auth';
import { requestClientAddress } from '@/server/http/client-address';
import { checkSignInEmailLimits } from '@/server/rate-limit';
import { emailSchema } from '@/server/schemas';
import { parseInput } from '@/server/validate';

export async function requestSignInLink(_previous: FormState, formData: FormData): Promise<FormState> {
  const typed = formString(formData, 'email', 254);
  return runAction('requestSignInLink', { email: typed }, async () => {
    const typedEmail = parseInput(emailSchema, formData.get('email'), 'email');
    // Said here, next to the field; Auth.js's sendVerificationRequest enforces the same limit.
    await checkSignInEmailLimits(db, typedEmail, requestClientAddress(await headers()));
    const email = typedEmail.toLowerCase();
    // Auth.js answers with its "verify request" step (which leads to the check-email page) once the
    // link is on its way, or with its error page.
    const answer = await signIn('nodemailer', { email, redirectTo: safeReturnPath(formData.get('callbackUrl')), redirect: false });
    // Kept on our origin like every other redirect, whatever URL Auth.js answers with.
    const next = safeReturnPath(answer);
    if (/^\/(api\/auth\/verify-request|sign-in\/check-email)(\?|$)/.test(next)) await flash(`Sign-in link sent to ${email}`);
    redirect(next);
  });
}

import { db } from '@/db';
import { getConfig } from '@/server/config';
import { AppError } from '@/server/errors';
import { requestClientAddress } from '@/server/http/client-address';
import { checkSignInEmailLimits } from '@/server/rate-limit';
import { emailSchema } from '@/server/schemas';
import { AUTH_BASE_PATH, CONFIRM_PATH, EMAIL_PROVIDER_ID, confirmPath, parseSignInLink } from './sign-in-link';

/**
 * Auth.js signs in whoever GETs or POSTs its email callback. Only a POST from our
 * own pages may reach it: a GET or HEAD (a mail scanner, an old-style link) or
 * another site's POST (login CSRF) is sent to the confirmation page, and the
 * token stays unused. Null: let Auth.js answer.
 */
export function emailCallbackDetour(request: Request, appUrl: string = getConfig().appUrl): Response | null {
  const url = new URL(request.url);
  if (!isEmailCallback(url.pathname)) return null;
  const origin = new URL(appUrl).origin;
  if (request.method === 'POST' && request.headers.get('origin') === origin) return null;
  const link = parseSignInLink(url.searchParams, appUrl);
  return new Response(null, { status: 303, headers: { Location: new URL(link ? confirmPath(link) : CONFIRM_PATH, origin).toString(), 'Cache-Control': 'no-store' } });
}

/**
 * A script posting to Auth.js's email sign-in directly, over one of the sign-in email
 * limits: refused before Auth.js runs, since Auth.js stores the link's token row at the
 * same time as it asks for the email (sendVerificationRequest, which enforces the limits
 * again, authoritatively). Null: let Auth.js answer.
 */
export async function signInEmailRefusal(request: Request, appUrl: string = getConfig().appUrl): Promise<Response | null> {
  if (request.method !== 'POST' || !isEmailAction(new URL(request.url).pathname, 'signin')) return null;
  const form = await request.clone().formData().catch(() => null);
  const email = emailSchema.safeParse(form?.get('email'));
  if (!email.success) return null; // Auth.js refuses it itself
  try {
    await checkSignInEmailLimits(db, email.data.toLowerCase(), requestClientAddress(request.headers));
    return null;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'TOO_MANY_REQUESTS') throw error;
    return new Response(null, { status: 303, headers: { Location: new URL('/sign-in/error?error=TooManyEmails', appUrl).toString() } });
  }
}

const isEmailCallback = (pathname: string) => isEmailAction(pathname, 'callback');

// Read as Auth.js reads it: the first two non-empty segments after its base path are the action and provider.
function isEmailAction(pathname: string, wanted: 'callback' | 'signin'): boolean {
  if (!pathname.startsWith(`${AUTH_BASE_PATH}/`)) return false;
  const [action, provider] = pathname.slice(AUTH_BASE_PATH.length).split('/').filter(Boolean);
  return action === wanted && provider === EMAIL_PROVIDER_ID;
}

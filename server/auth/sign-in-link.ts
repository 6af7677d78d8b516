// The emailed sign-in link opens a confirmation page, not Auth.js's callback: mail
// scanners open links (GET), and only the person's POST from that page signs in.
import { safeReturnPath } from '@/server/safe-path';
import { emailSchema } from '@/server/schemas';

export const AUTH_BASE_PATH = '/api/auth';
export const EMAIL_PROVIDER_ID = 'nodemailer';
/** Auth.js's email callback; it consumes the token, so only a same-origin POST may reach it. */
export const EMAIL_CALLBACK_PATH = `${AUTH_BASE_PATH}/callback/${EMAIL_PROVIDER_ID}`;
export const CONFIRM_PATH = '/sign-in/confirm';

export type SignInLink = { token: string; email: string; callbackUrl: string };

// Auth.js's tokens are 64 hex characters; a little room in case that changes.
const TOKEN = /^[A-Za-z0-9_-]{16,256}$/;

/** The link's parts, checked, or null when the query is not a whole sign-in link. */
export function parseSignInLink(query: URLSearchParams | Record<string, string | string[] | undefined>, appUrl?: string): SignInLink | null {
  const get = (name: string): unknown => (query instanceof URLSearchParams ? (query.getAll(name).length === 1 ? query.get(name) : undefined) : query[name]);
  const token = get('token');
  const email = emailSchema.safeParse(get('email'));
  if (typeof token !== 'string' || !TOKEN.test(token) || !email.success) return null;
  return { token, email: email.data.toLowerCase(), callbackUrl: safeReturnPath(get('callbackUrl'), appUrl) };
}

function withQuery(path: string, link: SignInLink): string {
  return `${path}?${new URLSearchParams({ token: link.token, email: link.email, callbackUrl: link.callbackUrl })}`;
}

/** The confirmation page for a link, as a path. */
export const confirmPath = (link: SignInLink) => withQuery(CONFIRM_PATH, link);

/** Where the confirmation page's form posts: Auth.js reads an email token from the query string only. */
export const callbackPath = (link: SignInLink) => withQuery(EMAIL_CALLBACK_PATH, link);

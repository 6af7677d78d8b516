import { getConfig } from '@/server/config';
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

// Read as Auth.js reads it: the first two non-empty segments after its base path are the action and provider.
function isEmailCallback(pathname: string): boolean {
  if (!pathname.startsWith(`${AUTH_BASE_PATH}/`)) return false;
  const [action, provider] = pathname.slice(AUTH_BASE_PATH.length).split('/').filter(Boolean);
  return action === 'callback' && provider === EMAIL_PROVIDER_ID;
}

// Requests to Auth.js made the way a script or a mail scanner would, without a browser.
import { linksIn, sentTo } from '@/test-support/mail/smtp-server';
import type { Harness } from './harness';

/** A POST to Auth.js's own sign-in endpoint (with its CSRF token), as a script would send it. */
export async function postSignIn(appUrl: string, email: string, callbackUrl: string = appUrl, headers: Record<string, string> = {}): Promise<Response> {
  const csrf = await fetch(`${appUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return fetch(`${appUrl}/api/auth/signin/nodemailer`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
    body: new URLSearchParams({ email, csrfToken, callbackUrl }),
  });
}

/** Asks for a sign-in link for `email` and returns the link from the email that arrives. */
export async function emailedSignInLink(h: Harness, email: string, callbackUrl?: string): Promise<string> {
  const before = h.smtp.messages.filter(sentTo(email)).length;
  const response = await postSignIn(h.app.url, email, callbackUrl);
  if (response.status >= 400) throw new Error(`Auth.js refused the sign-in request (${response.status})`);
  const message = await h.smtp.waitForEmail((m) => sentTo(email)(m) && h.smtp.messages.filter(sentTo(email)).indexOf(m) === before);
  // Found by its token, wherever it points, so a test can say what a link of another shape does.
  const link = linksIn(message.text).find((l) => new URL(l).searchParams.has('token'));
  if (!link) throw new Error(`No sign-in link in the email to ${email}:\n${message.text}`);
  return link;
}

/**
 * Opens a URL as a mail scanner does: no cookies, no script, redirects followed. Hop by
 * hop, since fetch's own redirect: 'follow' hides the Set-Cookie of every hop but the last.
 */
export async function openLikeAScanner(url: string, method: 'GET' | 'HEAD'): Promise<{ status: number; url: string; sessionCookieSet: boolean; body: string }> {
  let sessionCookieSet = false;
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(url, { method, redirect: 'manual' });
    sessionCookieSet ||= setsSessionCookie(response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { status: response.status, url, sessionCookieSet, body: await response.text() };
    url = new URL(location, url).toString();
  }
  throw new Error(`More than 10 redirects from ${url}`);
}

/** Whether a response sets Auth.js's session cookie. */
export const setsSessionCookie = (response: Response) => response.headers.getSetCookie().some((c) => /^(__Secure-)?authjs\.session-token=[^;]/.test(c));

/** Presses the confirmation page's button without a browser: a same-origin POST to Auth.js's callback. */
export function postSignInLink(appUrl: string, link: string, query: Record<string, string> = {}): Promise<Response> {
  const params = new URLSearchParams(new URL(link).search);
  for (const [name, value] of Object.entries(query)) params.set(name, value);
  return fetch(`${appUrl}/api/auth/callback/nodemailer?${params}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: appUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
  });
}

/** A session cookie for `email` ("name=value"), signed in through the emailed link. */
export async function signedInCookie(h: Harness, email: string): Promise<string> {
  const response = await postSignInLink(h.app.url, await emailedSignInLink(h, email));
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='));
  if (!cookie) throw new Error(`Signing in as ${email} set no session cookie (${response.status} ${response.headers.get('location')})`);
  return cookie.split(';')[0]!;
}

/** The hidden inputs of the activation form, as a browser without JavaScript would post them. */
export function hiddenFields(html: string): Map<string, string> {
  const form = html.slice(html.indexOf('<form'), html.indexOf('</form>'));
  const decode = (value: string) => value.replaceAll('&quot;', '"').replaceAll('&#x27;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
  return new Map([...form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)].map((m) => [decode(m[1]!), decode(m[2] ?? '')]));
}

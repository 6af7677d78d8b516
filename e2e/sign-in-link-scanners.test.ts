// Mail scanners (Outlook Safe Links, Mimecast) open every link in an email first. The
// sign-in link opens a confirmation page; only the person's POST from it signs in.
import { describe, expect, it } from 'vitest';
import { emailedSignInLink, openLikeAScanner, setsSessionCookie } from '@/test-support/app/auth-requests';
import { useAppHarness } from '@/test-support/app/harness';

const h = useAppHarness();

const tokensFor = (email: string) => h.db.selectFrom('VerificationToken').select('token').where('identifier', '=', email).execute();
const sessionsOf = (email: string) =>
  h.db.selectFrom('Session as s').innerJoin('User as u', 'u.id', 's.userId').select('s.id').where('u.email', '=', email).execute();

/** Auth.js's own callback URL for the same token, the form links had before the confirmation page. */
function rawCallbackOf(link: string): string {
  return `${h.app.url}/api/auth/callback/nodemailer${new URL(link).search}`;
}

async function expectSignedInThroughButton(link: string, email: string): Promise<void> {
  const context = await h.browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  expect(await page.title()).toBe(`Sign in as ${email}`);
  await page.getByRole('heading', { name: `Sign in as ${email}` }).waitFor();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Name your organization' }).waitFor();
  expect((await context.cookies()).some((c) => c.name === 'authjs.session-token')).toBe(true);
  expect(await tokensFor(email)).toHaveLength(0);
  expect(await sessionsOf(email)).toHaveLength(1);
  await context.close();
}

describe('the emailed sign-in link', () => {
  it('changes nothing when a scanner opens it (GET or HEAD, redirects followed), and still signs the person in from its button', async () => {
    const email = 'scanned@example.com';
    const link = await emailedSignInLink(h, email);
    for (const method of ['GET', 'HEAD', 'GET'] as const) {
      const opened = await openLikeAScanner(link, method);
      expect(opened.sessionCookieSet, method).toBe(false);
      expect(await tokensFor(email), `the token after a ${method}`).toHaveLength(1);
      expect(opened.status, method).toBe(200);
      if (method === 'GET') expect(opened.body).toContain(`Sign in as ${email}`);
    }
    expect((await fetch(link, { redirect: 'follow' })).status).toBe(200);
    expect(await h.db.selectFrom('User').select('id').where('email', '=', email).execute()).toHaveLength(0);
    expect(link.startsWith(`${h.app.url}/sign-in/confirm?`)).toBe(true);

    await expectSignedInThroughButton(link, email);
  });
});

describe("Auth.js's email callback", () => {
  it('does not use a token on GET or HEAD (an old-style link), nor on a POST from another site', async () => {
    const email = 'old-style@example.com';
    const raw = rawCallbackOf(await emailedSignInLink(h, email));

    for (const method of ['HEAD', 'GET']) {
      const response = await fetch(raw, { method, redirect: 'manual' });
      expect(response.status, method).toBe(303);
      expect(response.headers.get('location'), method).toBe(`${h.app.url}/sign-in/confirm${new URL(raw).search}`);
      expect(setsSessionCookie(response), method).toBe(false);
    }
    const followed = await openLikeAScanner(raw, 'GET');
    expect(followed.status).toBe(200);
    expect(followed.sessionCookieSet).toBe(false);
    expect(followed.url.startsWith(`${h.app.url}/sign-in/confirm?`)).toBe(true);

    // Another site's form posting someone's link (login CSRF), or a POST without an Origin.
    for (const headers of [{ origin: 'https://evil.example' }, {}] as Record<string, string>[]) {
      const response = await fetch(raw, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: '' });
      expect(response.status, JSON.stringify(headers)).toBe(303);
      expect(response.headers.get('location')).toContain('/sign-in/confirm?');
      expect(setsSessionCookie(response)).toBe(false);
    }
    expect(await tokensFor(email)).toHaveLength(1);
    expect(await sessionsOf(email)).toHaveLength(0);

    // The old-style link leads the person to the same button.
    await expectSignedInThroughButton(raw, email);
  });
});

describe('the confirmation page', () => {
  it.each([
    ['no query', ''],
    ['no address', `?token=${'a'.repeat(64)}`],
    ['a short token', '?token=abc&email=ada%40example.com'],
    ['a malformed address', `?token=${'a'.repeat(64)}&email=ada`],
    ['a header injection', `?token=${'a'.repeat(64)}&email=ada%40example.com%0D%0ABcc%3A%20eve%40example.com`],
    ['repeated parameters', `?token=${'a'.repeat(64)}&token=${'b'.repeat(64)}&email=ada%40example.com`],
    ['a broken escape', '?token=%E0%A4%A&email=%'],
  ])('explains a link that is not whole (%s), never a 500', async (_case, query) => {
    const response = await fetch(`${h.app.url}/sign-in/confirm${query}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('This sign-in link is incomplete');
    expect(html).toContain('Request a new sign-in link');
    expect(html).not.toContain('<form');
  });

  it('keeps its secret out of the Referer header sent to other sites', async () => {
    const response = await fetch(`${h.app.url}/sign-in/confirm?token=${'a'.repeat(64)}&email=ada%40example.com`);
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  });
});

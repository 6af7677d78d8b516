import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { APIRequestContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { isAuditCursor } from '@/server/schemas';
import { controlText, hostileCursor, hostileString, numberLike } from '@/test-support/factories/hostile-input';
import { postSignIn } from '@/test-support/app/auth-requests';
import { useAppHarness } from '@/test-support/app/harness';
import { ownerOfNewOrganization } from '@/test-support/browser/members-page';

const h = useAppHarness();

const countTokens = async () => Number((await h.db.selectFrom('VerificationToken').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('sign-in refuses bad addresses clearly and writes nothing', () => {
  it.each([
    ['a malformed address', 'not-an-address', 'Enter a valid email address, like name@example.com.'],
    ['a 10 KB address', `${'a'.repeat(10_240)}@example.com`, 'That email address is too long (254 characters at most).'],
    ['an empty address', '   ', 'Enter an email address.'],
  ])('in the form: %s', async (_case, value, message) => {
    const page = await h.browser.newPage();
    await page.goto(`${h.app.url}/sign-in`);
    // Switch off the browser's own checks so the server's validation is what answers.
    await page.evaluate(() => {
      document.querySelector('form')!.noValidate = true;
      document.querySelector('input[name=email]')!.removeAttribute('maxlength');
    });
    await page.getByRole('textbox', { name: 'Email' }).fill(value);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    const error = page.getByText(message);
    await error.waitFor();
    expect(await page.getByRole('textbox', { name: 'Email' }).getAttribute('aria-invalid')).toBe('true');
    expect(await countTokens()).toBe(0);
    expect(h.smtp.messages).toHaveLength(0);
    await page.close();
  });

  it.each([
    ['a CR/LF header injection', 'victim@example.com\r\nBcc: eve@example.com'],
    ['a 10 KB address', `${'b'.repeat(10_240)}@example.com`],
    ['a malformed address', 'nobody'],
  ])('at the Auth.js endpoint: %s gets the sign-in error page, no 500', async (_case, email) => {
    const response = await postSignIn(h.app.url, email);
    expect(response.status).toBeLessThan(500);
    const location = response.headers.get('location') ?? '';
    expect(location).toContain('/sign-in/error');
    const page = await fetch(new URL(location, h.app.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Request a new sign-in link');
    expect(await countTokens()).toBe(0);
    expect(h.smtp.messages).toHaveLength(0);
  });
});

describe('sign-in links and sessions that are not valid', () => {
  it('an unknown sign-in link explains itself and signs nobody in', async () => {
    const page = await h.browser.newPage();
    const response = await page.goto(`${h.app.url}/sign-in/confirm?token=${'f'.repeat(64)}&email=ada%40example.com`);
    expect(response?.status()).toBe(200);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'This sign-in link is no longer valid' }).waitFor();
    expect(await h.db.selectFrom('Session').select('id').execute()).toHaveLength(0);
    await page.close();
  });

  it('an expired sign-in link explains itself and signs nobody in', async () => {
    // Auth.js stores sha256(token + secret); plant an expired one for a known token.
    const token = 'e'.repeat(64);
    const hashed = createHash('sha256').update(`${token}e2e-secret-not-for-production-0123456789`).digest('hex');
    await h.db.insertInto('VerificationToken').values({ identifier: 'late@example.com', token: hashed, expires: new Date(Date.now() - 60_000) }).execute();
    const page = await h.browser.newPage();
    // An old-style link (straight to Auth.js's callback) opens the same confirmation page.
    await page.goto(`${h.app.url}/api/auth/callback/nodemailer?token=${token}&email=late%40example.com`);
    await page.getByRole('heading', { name: 'Sign in as late@example.com' }).waitFor();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'This sign-in link is no longer valid' }).waitFor();
    expect(await h.db.selectFrom('Session').select('id').execute()).toHaveLength(0);
    expect(await h.db.selectFrom('User').select('id').where('email', '=', 'late@example.com').execute()).toHaveLength(0);
    await page.close();
  });

  it('a forged session cookie is treated as signed out, not as an error', async () => {
    const context = await h.browser.newContext();
    await context.addCookies([{ name: 'authjs.session-token', value: 'forged-session-token', url: h.app.url }]);
    const page = await context.newPage();
    const response = await page.goto(`${h.app.url}/`);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    const api = await page.request.get(`${h.app.url}/api/trpc/org.member.list?input=${encodeURIComponent(JSON.stringify({ orgId: crypto.randomUUID() }))}`);
    expect(api.status()).toBe(401);
    await context.close();
  });

  it('the development mailbox does not exist in production', async () => {
    expect((await fetch(`${h.app.url}/dev/mailbox`)).status).toBe(404);
    expect((await fetch(`${h.app.url}/dev/mailbox/1`)).status).toBe(404);
  });

  it("the production build has none of the benchmark's floor routes", async () => {
    // An organization page that exists sends a signed-out visitor to sign in; a route that does not is a 404.
    const paths = ['/floor', '/api/floor', `/orgs/${randomUUID()}/floor`];
    for (const path of paths) expect((await fetch(`${h.app.url}${path}`, { redirect: 'manual' })).status, path).toBe(404);
    expect((await fetch(`${h.app.url}/orgs/${randomUUID()}/members`, { redirect: 'manual' })).status).toBe(307);
  });
});

describe('sign-in emails are rate-limited per address', () => {
  it('the sixth request within an hour is refused next to the field, saying when to try again', async () => {
    const page = await h.browser.newPage();
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      await page.goto(`${h.app.url}/sign-in`);
      await page.getByRole('textbox', { name: 'Email' }).fill('Eager@example.com');
      await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
      if (attempt <= 5) await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    }
    await page.getByText('Too many sign-in emails were requested for this address (5 an hour). Try again in 60 minutes.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await h.smtp.waitForEmail((m) => h.smtp.messages.filter((x) => x.envelopeTo.includes('eager@example.com')).length >= 5 && Boolean(m));
    expect(h.smtp.messages.filter((m) => m.envelopeTo.includes('eager@example.com'))).toHaveLength(5);
    await page.close();
  });
});

describe('pages with crafted query parameters answer a page, never a 500', () => {
  // The defect's shapes first, then generated ones (a fixed seed: the same requests every run).
  const DEFECT_CURSORS = [Buffer.from(`1:${'-'.repeat(36)}`).toString('base64url'), '99999999999999999999', Buffer.from(`99999999999999999999:${crypto.randomUUID()}`).toString('base64url')];
  const crafted = [...DEFECT_CURSORS, ...fc.sample(fc.oneof(hostileCursor, numberLike, controlText, hostileString), { numRuns: 45, seed: 17 })];
  // Query strings no URLSearchParams would write: bytes that are not UTF-8, broken escapes, repeated keys.
  const RAW = ['cursor=%FF', 'cursor=%ED%A0%80', 'cursor=%00', 'cursor=%', 'cursor=%zz', 'cursor=1&cursor=2', 'action=member.invited&action=x', 'cursor[]=1', 'search=%00&cursor=%C0%AF'];
  let request: APIRequestContext;
  let orgId: string;
  const get = async (path: string) => {
    const response = await request.get(`${h.app.url}${path}`, { maxRedirects: 0 });
    return { status: response.status(), text: await response.text() };
  };

  it('the audit log: a cursor it did not issue shows the newest events and says the link is not valid', async () => {
    const owner = await ownerOfNewOrganization(h, 'crafted-audit@example.com', 'Crafted Co');
    request = owner.context.request;
    orgId = owner.orgId;

    // In the browser: the exact defect (it was a 500), the sentence and the table of the first page.
    const response = await owner.page.goto(`${h.app.url}/orgs/${orgId}/audit?cursor=99999999999999999999`);
    expect(response?.status()).toBe(200);
    await owner.page.getByRole('alert').getByText('This page link is not valid. Showing the newest events instead.').waitFor();
    await owner.page.getByRole('cell', { name: 'Organization created' }).waitFor();

    for (const value of crafted) {
      const query = new URLSearchParams({ cursor: value });
      const { status, text } = await get(`/orgs/${orgId}/audit?${query}`);
      expect(status, `cursor=${JSON.stringify(value)}`).toBe(200);
      expect(text).toContain('Audit log');
      // What the server receives (URLSearchParams writes a lone surrogate as U+FFFD).
      const received = query.get('cursor')!;
      expect(text.includes('This page link is not valid.'), `cursor=${JSON.stringify(value)}`).toBe(received !== '' && !isAuditCursor(received));
    }
    for (const value of crafted.slice(0, 20)) {
      const { status, text } = await get(`/orgs/${orgId}/audit?${new URLSearchParams({ action: value })}`);
      expect(status, `action=${JSON.stringify(value)}`).toBe(200);
      expect(text).toContain('Organization created');
    }
    for (const query of RAW) {
      const { status, text } = await get(`/orgs/${orgId}/audit?${query}`);
      expect(status, query).toBeLessThan(500);
      if (status === 200) expect(text, query).toContain('Audit log');
    }
    await owner.page.close();
  });

  it('the Members page ignores its query string: crafted cursor, search and action values get the first page', async () => {
    for (const value of crafted) {
      const { status, text } = await get(`/orgs/${orgId}/members?${new URLSearchParams({ cursor: value, search: value, action: value })}`);
      expect(status, JSON.stringify(value)).toBe(200);
      expect(text).toContain('People in Crafted Co');
      expect(text).toContain('crafted-audit@example.com');
    }
    for (const query of RAW) expect((await get(`/orgs/${orgId}/members?${query}`)).status, query).toBeLessThan(500);
  });

  it('the API refuses the same cursors with 400 and the page-link message', async () => {
    for (const [path, cursor] of [
      ['org.member.list', DEFECT_CURSORS[0]],
      ['org.member.list', DEFECT_CURSORS[2]],
      ['org.invitation.list', DEFECT_CURSORS[0]],
      ['org.invitation.list', DEFECT_CURSORS[2]],
      ['org.audit.list', DEFECT_CURSORS[1]],
    ] as const) {
      const response = await request.get(`${h.app.url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ orgId, cursor }))}`);
      expect(response.status(), `${path} ${cursor}`).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe('This page link is not valid.');
    }
  });
});

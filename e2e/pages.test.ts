import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatAbsoluteUtc } from '@/lib/format';
import { linksIn, sentTo } from '@/test-support/mail/smtp-server';
import { useAppHarness } from '@/test-support/app/harness';
import { createOrganizationThroughUi, ownerOfNewOrganization, inviteThroughForm, toast } from '@/test-support/browser/members-page';
import { signInThroughEmail } from '@/test-support/browser/sign-in';

const h = useAppHarness();

/**
 * Every piece of text on the page that reads as a date or a time, outside a
 * <time> element, and every <time> element.
 */
function datesOnPage(page: Page) {
  return page.evaluate(() => {
    const dateLike = [
      /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}\b/,
      /\b\d{4}-\d\d-\d\d\b/,
      /\b\d\d?:\d\d\b/,
      /\bago\b/i,
      /\bin (?:\d+|an?|less than a) (?:second|minute|hour|day|week|month|year)s?\b/i,
      /\b(?:yesterday|today|tomorrow)\b/i,
    ];
    const loose: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('script, style, template, time')) continue;
      const text = node.textContent ?? '';
      if (dateLike.some((pattern) => pattern.test(text))) loose.push(text.trim());
    }
    const times = [...document.querySelectorAll('time')].map((t) => ({ dateTime: t.dateTime, title: t.title, text: t.textContent ?? '' }));
    return { loose, times };
  });
}

/** Each date shown is a <time> with its instant (ISO) and the absolute UTC time as tooltip. Returns the texts shown. */
async function expectEveryDateIsATime(page: Page, where: string, atLeast: number): Promise<string[]> {
  const { loose, times } = await datesOnPage(page);
  expect(loose, `${where}: dates outside a <time> element`).toEqual([]);
  expect(times.length, `${where}: <time> elements`).toBeGreaterThanOrEqual(atLeast);
  for (const time of times) {
    expect(new Date(time.dateTime).toISOString(), `${where}: dateTime of "${time.text}"`).toBe(time.dateTime);
    expect(time.title, `${where}: title of "${time.text}"`).toBe(formatAbsoluteUtc(time.dateTime));
  }
  return times.map((time) => time.text);
}

describe('dates and times', () => {
  it('on Members, API tokens, the audit log and the activation page are <time> elements with an absolute tooltip', async () => {
    const { context, page, orgId } = await ownerOfNewOrganization(h, 'dana@example.com', 'Dates Co');
    await inviteThroughForm(page, 'pending@example.com');
    await toast(page, 'Invitation sent to pending@example.com');
    await inviteThroughForm(page, 'late@example.com');
    await toast(page, 'Invitation sent to late@example.com');
    await h.smtp.waitForEmail(sentTo('late@example.com'));
    await h.db.updateTable('invitations').set({ expires_at: sql<Date>`now() - interval '3 hours'` }).where('email', '=', 'late@example.com').execute();
    await page.reload();
    await page.getByRole('region', { name: 'Pending invitations' }).getByText(/^Sent /).first().waitFor();

    const members = await expectEveryDateIsATime(page, 'Members', 3);
    expect(members).toContain('expires in 3 days');
    expect(members).toContain('expired 3 hours ago');
    expect(members.some((text) => /^[A-Z][a-z]+ \d{1,2}, \d{4}$/.test(text)), 'joined date').toBe(true);

    // The check sees a date that is not a <time>.
    await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<p>Joined Nov 28, 2026</p><p>3 hours ago</p>'));
    expect((await datesOnPage(page)).loose).toEqual(['Joined Nov 28, 2026', '3 hours ago']);

    await page.goto(`${h.app.url}/orgs/${orgId}/tokens`);
    await page.getByRole('textbox', { name: 'Description' }).fill('Used once');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.getByRole('textbox', { name: 'New token' }).inputValue();
    const input = encodeURIComponent(JSON.stringify({ orgId }));
    expect((await fetch(`${h.app.url}/api/trpc/org.member.list?input=${input}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await page.reload();
    const tokens = await expectEveryDateIsATime(page, 'API tokens', 2);
    expect(tokens).toContain('less than a minute ago');

    await page.goto(`${h.app.url}/orgs/${orgId}/audit`);
    await expectEveryDateIsATime(page, 'Audit log', 4);

    const email = await h.smtp.waitForEmail(sentTo('pending@example.com'));
    const invitee = await h.browser.newContext();
    const inviteePage = await invitee.newPage();
    await inviteePage.goto(linksIn(email.text).find((link) => link.includes('/invite/'))!);
    const activation = await expectEveryDateIsATime(inviteePage, 'activation page', 2);
    expect(activation[0]).toBe('in 3 days');
    expect(activation[1]).toMatch(/^[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4} at \d\d:\d\d UTC$/);
    await Promise.all([invitee.close(), context.close()]);
  });
});

describe('page titles and error pages', () => {
  it('every page has a title that says what it is, and where', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    // After a client-side navigation the title follows the page's metadata a moment later.
    const expectTitle = (title: string, on: Page = page) => expect.poll(() => on.title()).toBe(title);
    const expectTitleAt = async (path: string, title: string) => {
      await page.goto(`${h.app.url}${path}`);
      await expectTitle(title);
    };
    await expectTitleAt('/sign-in', 'Sign in');
    await expectTitleAt('/sign-in/check-email', 'Check your email');
    await expectTitleAt(`/sign-in/confirm?token=${'a'.repeat(64)}&email=ada%40example.com`, 'Sign in as ada@example.com');
    await expectTitleAt('/sign-in/confirm?email=ada%40example.com', 'This sign-in link is incomplete');
    await expectTitleAt('/sign-in/error?error=Verification', 'This sign-in link is no longer valid');
    await expectTitleAt('/sign-in/error?error=constructor', 'We could not sign you in');
    await expectTitleAt('/no-such-page', 'Page not found');
    await expectTitleAt(`/invite/${'x'.repeat(43)}`, 'This invitation link is not valid');

    await signInThroughEmail(page, h.app.url, h.smtp, 'tina@example.com');
    await page.getByRole('heading', { name: 'Name your organization' }).waitFor();
    await expectTitle('Name your organization');
    const orgId = await createOrganizationThroughUi(page, 'Title Co');
    await expectTitle('Members · Title Co');
    await expectTitleAt(`/orgs/${orgId}/tokens`, 'API tokens · Title Co');
    await expectTitleAt(`/orgs/${orgId}/audit`, 'Audit log · Title Co');
    await expectTitleAt(`/orgs/${crypto.randomUUID()}/members`, 'Page not found');

    await page.goto(`${h.app.url}/orgs/${orgId}/members`);
    await inviteThroughForm(page, 'titled@example.com');
    const email = await h.smtp.waitForEmail(sentTo('titled@example.com'));
    const invitee = await h.browser.newContext();
    const inviteePage = await invitee.newPage();
    await inviteePage.goto(linksIn(email.text).find((link) => link.includes('/invite/'))!);
    await expectTitle("You're invited to Title Co", inviteePage);
    await Promise.all([invitee.close(), context.close()]);
  });

  it('a failing page says so in plain words, offers a retry and a way back, and recovers', async () => {
    const { context, page, orgId } = await ownerOfNewOrganization(h, 'erin@example.com', 'Broken Co');
    // Take the audit log's table away: its page fails on the server.
    await sql`alter table audit_events rename to audit_events_away`.execute(h.db);
    try {
      const response = await page.goto(`${h.app.url}/orgs/${orgId}/audit`);
      expect(response?.status()).toBe(500);
      await page.getByRole('heading', { name: 'Something went wrong' }).waitFor();
      await expect.poll(() => page.title()).toBe('Something went wrong');
      expect(await page.getByRole('link', { name: 'Go to your organizations' }).getAttribute('href')).toBe('/');
      expect(await page.locator('body').innerText()).not.toMatch(/audit_events|relation|does not exist|postgres|Error:|\bat \w+ \(/i);
    } finally {
      await sql`alter table audit_events_away rename to audit_events`.execute(h.db);
    }
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'Organization created' }).waitFor();
    await context.close();
  });
});

import { describe, expect, it } from 'vitest';
import { useAppHarness } from '@/test-support/app/harness';
import { linksIn } from '@/test-support/mail/smtp-server';
import { signInThroughEmail } from '@/test-support/browser/sign-in';

const h = useAppHarness();

describe('a new visitor', () => {
  it('signs in from the emailed link, names an organization, and finds themself as Owner on its Members page', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await page.goto(h.app.url);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.title()).toBe('Sign in');

    const link = await signInThroughEmail(page, h.app.url, h.smtp, 'new.person@example.com');
    expect(link.startsWith(`${h.app.url}/sign-in/confirm?`)).toBe(true);
    const email = h.smtp.messages.find((m) => m.envelopeTo.includes('new.person@example.com'))!;
    expect(email.html).toContain('Sign in to Members');
    expect(linksIn(email.text)).toContain(link);

    await page.getByRole('heading', { name: 'Name your organization' }).waitFor();
    await page.getByRole('textbox', { name: 'Organization name' }).fill('Rocket Science');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.waitForURL(/\/orgs\/[0-9a-f-]{36}\/members$/);

    // The org menu is named after the organization and holds "Members".
    const menuButton = page.getByRole('button', { name: 'Rocket Science' });
    await menuButton.click();
    await page.getByRole('menuitem', { name: 'Members' }).click();
    await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
    expect(await page.title()).toBe('Members · Rocket Science');

    const row = page.getByRole('row', { name: /new\.person@example\.com/ });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[0]).toBe('new.person@example.com(you)');
    expect(cells[2]).toBe('Owner');
    expect(cells[3]).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4}$/); // "December 1, 2026"

    // The menu works from the keyboard: ArrowDown opens it on its first item, Escape returns focus.
    await menuButton.focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Members');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-haspopup'))).toBe('menu');

    // The link was single-use: its button now leads to the error page, which offers a new link.
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'This sign-in link is no longer valid' }).waitFor();
    await page.getByRole('link', { name: 'Request a new sign-in link' }).waitFor();

    // The creation was audited, in the same database the h.app used.
    const audit = await h.db.selectFrom('audit_events').select(['action']).execute();
    expect(audit.map((a) => a.action)).toEqual(['org.created']);
    await context.close();
  });
});

describe('an organization is visible to its members only', () => {
  it("answers 404 for another organization's Members page and NOT_FOUND from its tRPC procedure", async () => {
    const stranger = await h.db.insertInto('User').values({ id: crypto.randomUUID(), email: 'stranger@example.com', name: 'Stranger' }).returning('id').executeTakeFirstOrThrow();
    const theirs = await h.db.insertInto('organizations').values({ name: 'Secret Org' }).returning('id').executeTakeFirstOrThrow();
    await h.db.insertInto('memberships').values({ organization_id: theirs.id, user_id: stranger.id, role: 'owner' }).execute();

    const context = await h.browser.newContext();
    const page = await context.newPage();
    await signInThroughEmail(page, h.app.url, h.smtp, 'curious@example.com');
    await page.getByRole('heading', { name: 'Name your organization' }).waitFor();

    const response = await page.goto(`${h.app.url}/orgs/${theirs.id}/members`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.content()).not.toContain('Secret Org');

    const input = encodeURIComponent(JSON.stringify({ orgId: theirs.id }));
    const api = await page.request.get(`${h.app.url}/api/trpc/org.member.list?input=${input}`);
    expect(api.status()).toBe(404);
    const body = await api.json();
    expect(body.error.data.code).toBe('NOT_FOUND');
    expect(JSON.stringify(body)).not.toMatch(/stranger|Secret Org|stack/);

    // Without a session the API says so, and pages send you to sign in.
    const anonymous = await fetch(`${h.app.url}/api/trpc/org.member.list?input=${input}`);
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${h.app.url}/orgs/${theirs.id}/members`, { redirect: 'manual' })).headers.get('location')).toContain('/sign-in');
    await context.close();
  });
});

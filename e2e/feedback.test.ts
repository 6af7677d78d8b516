import { sql } from 'kysely';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newActivationToken } from '@/server/invitations/activation-token';
import { linksIn, sentTo } from '@/test-support/mail/smtp-server';
import { useAppHarness } from '@/test-support/app/harness';
import { openSignInLink } from '@/test-support/browser/sign-in';
import { clickAndExpectPending, holdNextServerAction, inviteThroughForm, toast } from '@/test-support/browser/members-page';

// Every action shows a pending state on its button (held here by intercepting the
// server action's request), then a toast that says what happened; empty lists say
// what to do next.
const h = useAppHarness();
let owner: BrowserContext;
let page: Page;
let orgId: string;

/** The link in the `nth` email (1-based) sent to `address`, once it has arrived. */
async function linkInEmail(address: string, nth: number, part: string): Promise<string> {
  const sent = () => h.smtp.messages.filter(sentTo(address));
  const email = await h.smtp.waitForEmail((m) => sent().indexOf(m) === nth - 1);
  return linksIn(email.text).find((link) => link.includes(part))!;
}

beforeAll(async () => {
  owner = await h.browser.newContext();
  page = await owner.newPage();
});
afterAll(() => owner.close());

describe('feedback on every action', () => {
  it('sign-in email, new organization, invite, resend, withdraw, accept, remove and leave', async () => {
    await page.goto(`${h.app.url}/sign-in`);
    await page.getByRole('textbox', { name: 'Email' }).fill('Fiona@Example.com');
    await clickAndExpectPending(page, page, 'Email me a sign-in link', 'Sending link…');
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await toast(page, 'Sign-in link sent to fiona@example.com');
    await openSignInLink(page, await linkInEmail('fiona@example.com', 1, '/sign-in/confirm?'));

    await page.getByRole('textbox', { name: 'Organization name' }).fill('Feedback Co');
    await clickAndExpectPending(page, page, 'Create organization', 'Creating…');
    await page.waitForURL(/\/orgs\/[0-9a-f-]{36}\/members$/);
    orgId = page.url().split('/orgs/')[1]!.split('/')[0]!;
    await toast(page, 'Organization "Feedback Co" created');
    // The toast is shown once, not again on the next page.
    await page.reload();
    await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe('');
    await page.getByText('No pending invitations. Invite someone above.', { exact: true }).waitFor();
    // An audit filter that finds nothing says how to see everything.
    await page.goto(`${h.app.url}/orgs/${orgId}/audit?action=member.removed`);
    await page.getByText('No "Member removed" events yet. Choose "All actions" to see every event.', { exact: true }).waitFor();
    await page.goto(`${h.app.url}/orgs/${orgId}/members`);

    const form = page.getByRole('form', { name: 'Add a new user to your organization' });
    await form.getByRole('textbox', { name: 'Email' }).fill('guest@example.com');
    await clickAndExpectPending(page, form, 'Add', 'Adding…');
    await toast(page, 'Invitation sent to guest@example.com');

    // Resends are limited to one a minute: make the first send older.
    await h.smtp.waitForEmail(sentTo('guest@example.com'));
    await h.db.updateTable('invitations').set({ last_sent_at: sql<Date>`now() - interval '2 minutes'` }).execute();
    await clickAndExpectPending(page, page, 'Resend invitation to guest@example.com', 'Resending…');
    await toast(page, 'Invitation re-sent to guest@example.com');

    // The invitee accepts, and lands on the Members page with a toast.
    const guest = await h.browser.newContext();
    const guestPage = await guest.newPage();
    await guestPage.goto(await linkInEmail('guest@example.com', 2, '/invite/'));
    await guestPage.getByRole('textbox', { name: 'Your name' }).fill('Guest Person');
    await clickAndExpectPending(guestPage, guestPage, 'Accept invitation', 'Accepting…');
    await guestPage.waitForURL(`${h.app.url}/orgs/${orgId}/members`);
    await toast(guestPage, 'You joined Feedback Co');

    await inviteThroughForm(page, 'second@example.com');
    await toast(page, 'Invitation sent to second@example.com');
    await page.getByRole('button', { name: 'Withdraw invitation to second@example.com' }).click();
    await clickAndExpectPending(page, page.getByRole('dialog'), 'Withdraw Invitation', 'Withdrawing…');
    await toast(page, 'Invitation to second@example.com withdrawn');
    await page.getByText('No pending invitations. Invite someone above.', { exact: true }).waitFor();

    // A member removed by the owner.
    const planted = await h.db.insertInto('User').values({ id: crypto.randomUUID(), email: 'planted@example.com', name: 'Planted' }).returning('id').executeTakeFirstOrThrow();
    await h.db.insertInto('memberships').values({ organization_id: orgId, user_id: planted.id, role: 'owner' }).execute();
    await page.reload();
    await page.getByRole('button', { name: 'Remove planted@example.com' }).click();
    await clickAndExpectPending(page, page.getByRole('dialog'), 'Remove user access', 'Removing…');
    await toast(page, 'planted@example.com removed');

    // A member who leaves: signed out (they belong nowhere else), told so on the sign-in page.
    await guestPage.getByRole('button', { name: 'Remove guest@example.com' }).click();
    await clickAndExpectPending(guestPage, guestPage.getByRole('dialog', { name: 'Leave Feedback Co?' }), 'Remove user access', 'Removing…');
    await guestPage.waitForURL(/\/sign-in/);
    await toast(guestPage, 'You left Feedback Co');
    await guest.close();
  });

  it('keeps what is typed while an invitation is on its way, and sends an address added meanwhile next', async () => {
    await page.goto(`${h.app.url}/orgs/${orgId}/members`);
    const form = page.getByRole('form', { name: 'Add a new user to your organization' });
    const field = form.getByRole('textbox', { name: 'Email' });

    // Typed while the first is being sent: still there when it is done.
    const first = await holdNextServerAction(page);
    await field.fill('typed.first@example.com');
    await form.getByRole('button', { name: 'Add' }).click();
    await first.held;
    await field.fill('typed.meanwhile@example.com');
    first.release();
    await toast(page, 'Invitation sent to typed.first@example.com');
    expect(await field.inputValue()).toBe('typed.meanwhile@example.com');

    // Add pressed while busy: said so, and sent once the first is done.
    const second = await holdNextServerAction(page);
    await form.getByRole('button', { name: 'Add' }).click();
    await second.held;
    await field.fill('queued@example.com');
    await field.press('Enter');
    await toast(page, 'queued@example.com will be added next, once the invitation on its way is sent.');
    second.release();
    await toast(page, 'Invitation sent to typed.meanwhile@example.com');
    await toast(page, 'Invitation sent to queued@example.com');
    await expect.poll(() => field.inputValue()).toBe('');
    expect(await h.db.selectFrom('invitations').select('email').where('email', 'like', '%@example.com').where('email', 'in', ['typed.first@example.com', 'typed.meanwhile@example.com', 'queued@example.com']).execute()).toHaveLength(3);
  });

  it('creating and revoking an API token', async () => {
    await page.goto(`${h.app.url}/orgs/${orgId}/tokens`);
    await page.getByText('No tokens yet. Create one above for a script or a system account.', { exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Description' }).fill('Deploy script');
    await clickAndExpectPending(page, page, 'Create token', 'Creating…');
    await toast(page, 'Token "Deploy script" created. Copy it now: it is shown only once.');
    await page.getByRole('textbox', { name: 'New token' }).waitFor();

    await page.getByRole('button', { name: 'Revoke token Deploy script' }).click();
    await clickAndExpectPending(page, page.getByRole('dialog'), 'Revoke token', 'Revoking…');
    await toast(page, 'Token "Deploy script" revoked');
    await page.getByText('No tokens yet. Create one above for a script or a system account.', { exact: true }).waitFor();
  });

  it('a search without results says what to do', async () => {
    // Search boxes appear once a list is longer than a page (25).
    const people = Array.from({ length: 25 }, (_, i) => ({ id: crypto.randomUUID(), email: `person${i}@example.com`, name: `Person ${i}` }));
    await h.db.insertInto('User').values(people).execute();
    await h.db.insertInto('memberships').values(people.map((p) => ({ organization_id: orgId, user_id: p.id, role: 'owner' as const }))).execute();
    const me = await h.db.selectFrom('User').select('id').where('email', '=', 'fiona@example.com').executeTakeFirstOrThrow();
    await h.db
      .insertInto('invitations')
      .values(
        Array.from({ length: 26 }, (_, i) => ({
          organization_id: orgId,
          email: `invitee${i}@example.com`,
          role: 'owner' as const,
          token_hash: newActivationToken().hash,
          invited_by: me.id,
          expires_at: sql<Date>`now() + interval '72 hours'`,
        })),
      )
      .execute();
    await page.goto(`${h.app.url}/orgs/${orgId}/members`);
    await page.getByRole('searchbox', { name: 'Search members by email or name' }).fill('zz');
    await page
      .getByText('No member matches "zz". Search finds the start of an email address or a name; clear the search to see everyone.', { exact: true })
      .waitFor();
    await page.getByRole('searchbox', { name: 'Search invitations by email' }).fill('nobody');
    await page
      .getByText('No invitation matches "nobody". Search finds the start of an email address; clear the search to see every invitation.', { exact: true })
      .waitFor();

  });

  it('signing out', async () => {
    await page.goto(`${h.app.url}/orgs/${orgId}/members`);
    await clickAndExpectPending(page, page, 'Sign out', 'Signing out…');
    await page.waitForURL(/\/sign-in$/);
    await toast(page, 'You are signed out');
  });
});

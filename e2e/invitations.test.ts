import { sql } from 'kysely';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { linksIn, sentTo } from '@/test-support/mail/smtp-server';
import { useAppHarness } from '@/test-support/app/harness';
import { signInThroughEmail } from '@/test-support/browser/sign-in';
import { createOrganizationThroughUi, inviteThroughForm, toast } from '@/test-support/browser/members-page';

const h = useAppHarness();
let owner: BrowserContext;
let ownerPage: Page;
let membersUrl: string;


async function invitationLink(address: string, after = 0): Promise<string> {
  const email = await h.smtp.waitForEmail((m) => sentTo(address)(m) && h.smtp.messages.indexOf(m) >= after);
  return linksIn(email.text).find((l) => l.includes('/invite/'))!;
}

beforeAll(async () => {
  owner = await h.browser.newContext();
  ownerPage = await owner.newPage();
  await signInThroughEmail(ownerPage, h.app.url, h.smtp, 'olivia@example.com');
  await createOrganizationThroughUi(ownerPage, 'Invite Co');
  membersUrl = ownerPage.url();
});

describe('the whole invitation path in a browser', () => {
  it('owner invites, the invitee accepts from the emailed link, and appears as Owner; then resend, withdraw and remove', async () => {
    const page = ownerPage;
    const form = page.getByRole('form', { name: 'Add a new user to your organization' });
    await form.getByRole('textbox', { name: 'Email' }).fill('newbie@example.com');
    expect(await form.getByRole('combobox', { name: 'Role' }).inputValue()).toBe('owner');
    expect(await form.getByRole('option', { name: 'Owner' }).count()).toBe(1);
    await form.getByRole('button', { name: 'Add' }).click();
    await toast(page, 'Invitation sent to newbie@example.com');
    await page.getByRole('button', { name: 'Resend invitation to newbie@example.com' }).waitFor();
    const pending = page.getByRole('region', { name: 'Pending invitations' });
    expect(await pending.textContent()).toContain('1 of 50');
    // The delivery state follows the email worker: "Sending…", then "Sent …".
    await pending.getByText(/^Sent /).waitFor();

    // The invitee opens the link in another browser (no session) and accepts.
    const link = await invitationLink('newbie@example.com');
    expect(link.startsWith(`${h.app.url}/invite/`)).toBe(true);
    const invitee = await h.browser.newContext();
    const inviteePage = await invitee.newPage();
    const landing = await inviteePage.goto(link);
    expect(landing?.headers()['referrer-policy']).toBe('no-referrer');
    await inviteePage.getByRole('heading', { name: 'Join Invite Co' }).waitFor();
    const summary = await inviteePage.locator('dl').textContent();
    expect(summary).toContain('olivia@example.com');
    expect(summary).toContain('Owner');
    expect(summary).toMatch(/\d{4} at \d\d:\d\d UTC/);
    expect(await h.db.selectFrom('memberships').select('id').execute()).toHaveLength(1); // opening changed nothing

    const name = inviteePage.getByRole('textbox', { name: 'Your name' });
    expect(await name.evaluate((input: HTMLInputElement) => input.validity.valueMissing)).toBe(true); // asked for, and required
    await name.fill('Newbie Person');
    await inviteePage.getByRole('button', { name: 'Accept invitation' }).click();
    await inviteePage.waitForURL(membersUrl);
    // The session started by accepting is as protected as one from the sign-in email.
    expect((await invitee.cookies()).find((c) => c.name === 'authjs.session-token')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await inviteePage.getByRole('button', { name: 'Invite Co' }).waitFor();
    expect(h.smtp.messages.filter(sentTo('newbie@example.com'))).toHaveLength(1); // no second email to sign in

    await page.reload();
    const row = page.getByRole('row', { name: /newbie@example\.com/ });
    expect((await row.getByRole('cell').allTextContents()).slice(0, 3)).toEqual(['newbie@example.com', 'Newbie Person', 'Owner']);
    await page.getByText('No pending invitations. Invite someone above.').waitFor();

    // The link is single-use.
    await inviteePage.goto(link);
    await inviteePage.getByRole('heading', { name: 'You are already a member of Invite Co' }).waitFor();

    // Resend: a new link, and the old one is dead.
    const before = h.smtp.messages.length;
    await form.getByRole('textbox', { name: 'Email' }).fill('second@example.com');
    await form.getByRole('button', { name: 'Add' }).click();
    await toast(page, 'Invitation sent to second@example.com');
    const firstLink = await invitationLink('second@example.com', before);
    // Resends are limited to one a minute: make the first send a minute old.
    await h.db.updateTable('invitations').set({ last_sent_at: sql<Date>`now() - interval '2 minutes'` }).where('email', '=', 'second@example.com').execute();
    const beforeResend = h.smtp.messages.length;
    await page.getByRole('button', { name: 'Resend invitation to second@example.com' }).click();
    await toast(page, 'Invitation re-sent to second@example.com');
    const secondLink = await invitationLink('second@example.com', beforeResend);
    expect(secondLink).not.toBe(firstLink);
    const stranger = await h.browser.newContext();
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(firstLink);
    await strangerPage.getByRole('heading', { name: 'This invitation link is not valid' }).waitFor();

    // A second resend right away is refused with a clear message.
    await page.getByRole('button', { name: 'Resend invitation to second@example.com' }).click();
    await page.getByRole('alert').getByText(/You can resend it in \d+ seconds?\./).waitFor();

    // Withdraw, confirmed in a dialog; the link then says so.
    await page.getByRole('button', { name: 'Withdraw invitation to second@example.com' }).click();
    const withdrawDialog = page.getByRole('dialog', { name: 'Withdraw this invitation?' });
    await withdrawDialog.getByRole('button', { name: 'Withdraw Invitation' }).click();
    await toast(page, 'Invitation to second@example.com withdrawn');
    await page.getByRole('button', { name: 'Resend invitation to second@example.com' }).waitFor({ state: 'detached' });
    await strangerPage.goto(secondLink);
    await strangerPage.getByRole('heading', { name: 'This invitation is no longer valid' }).waitFor();

    // Remove, confirmed in a dialog; the removed member's next request is refused.
    await page.getByRole('button', { name: 'Remove newbie@example.com' }).click();
    await page.getByRole('dialog', { name: 'Remove newbie@example.com?' }).getByRole('button', { name: 'Remove user access' }).click();
    await toast(page, 'newbie@example.com removed');
    await page.getByRole('row', { name: /newbie@example\.com/ }).waitFor({ state: 'detached' });
    // They belonged to no other organization, so their session is gone too: the next request finds them signed out.
    await inviteePage.goto(membersUrl);
    expect(new URL(inviteePage.url()).pathname).toBe('/sign-in');
    expect(await h.db.selectFrom('Session').innerJoin('User', 'User.id', 'Session.userId').select('Session.id').where('User.email', '=', 'newbie@example.com').execute()).toHaveLength(0);

    // The last Owner cannot be removed.
    await page.getByRole('button', { name: 'Remove olivia@example.com' }).click();
    await page.getByRole('dialog', { name: 'Leave Invite Co?' }).getByRole('button', { name: 'Remove user access' }).click();
    await page.getByRole('alert').getByText(/is the only Owner of this organization/).waitFor();

    const actions = (await h.db.selectFrom('audit_events').select('action').orderBy('id').execute()).map((a) => a.action);
    expect(actions).toEqual(['org.created', 'member.invited', 'invitation.accepted', 'member.invited', 'invitation.resent', 'invitation.withdrawn', 'member.removed']);
    // Activation secrets never reach the server's log.
    for (const secret of [link, firstLink, secondLink].map((l) => new URL(l).pathname.split('/').pop()!)) {
      expect(h.app.output()).not.toContain(secret);
    }
    await Promise.all([invitee.close(), stranger.close()]);
  });

  it('shows a refused email as "Delivery failed" with its short reason, and Resend stays available', async () => {
    const page = ownerPage;
    await page.goto(membersUrl);
    await inviteThroughForm(page, 'bounce@example.com');
    await toast(page, 'Invitation sent to bounce@example.com');
    await page.getByText('Delivery failed: refused by the mail server (550). Check the address, then resend.').waitFor();
    await page.getByRole('button', { name: 'Resend invitation to bounce@example.com' }).waitFor();
  });

  it('keeps the typed address next to a clear error, and refuses a cross-origin post to the server action', async () => {
    const page = ownerPage;
    await page.goto(membersUrl);
    const form = page.getByRole('form', { name: 'Add a new user to your organization' });
    const email = form.getByRole('textbox', { name: 'Email' });
    await email.fill('olivia@example.com');

    const posted = page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']));
    await form.getByRole('button', { name: 'Add' }).click();
    await form.getByText('olivia@example.com is already a member of this organization.').waitFor();
    expect(await email.inputValue()).toBe('olivia@example.com');
    expect(await email.getAttribute('aria-invalid')).toBe('true');

    // Replay the same server action from another origin, with the owner's cookies.
    const request = await posted;
    const headers = await request.allHeaders();
    const body = request.postDataBuffer()!.toString().replace('olivia@example.com', 'forged@example.com');
    const cookie = (await owner.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const forged = await fetch(request.url(), {
      method: 'POST',
      headers: { ...headers, cookie, origin: 'https://evil.example', host: new URL(h.app.url).host },
      body,
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(await h.db.selectFrom('invitations').select('id').where('email', '=', 'forged@example.com').execute()).toHaveLength(0);
  });

  it('the invite form works without JavaScript', async () => {
    const noJs = await h.browser.newContext({ javaScriptEnabled: false });
    await noJs.addCookies(await owner.cookies());
    const page = await noJs.newPage();
    await page.goto(membersUrl);
    await inviteThroughForm(page, 'nojs@example.com');
    await page.getByText('Invitation sent to nojs@example.com').waitFor();
    await page.getByText('nojs@example.com', { exact: true }).waitFor();
    await h.smtp.waitForEmail(sentTo('nojs@example.com'));
    await noJs.close();
  });
});

import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linksIn, sentTo } from '@/test-support/mail/smtp-server';
import { useAppHarness } from '@/test-support/app/harness';
import { ownerOfNewOrganization, inviteThroughForm } from '@/test-support/browser/members-page';

const h = useAppHarness();

// The README's pictures come from this test: `npm run screenshots` (SCREENSHOTS=1) rewrites
// them in docs/screenshots; a plain `npm test` checks the layouts without touching the files.
const SCREENSHOTS = process.env.SCREENSHOTS === '1' ? 'docs/screenshots' : null;
if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
const shot = (width: number, name: string) => (SCREENSHOTS ? `${SCREENSHOTS}/${name}-${width === 375 ? 'mobile' : 'desktop'}.png` : undefined);

const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** How the Members page lays out a member row and an invitation (their styles come from the list: app/globals.css). */
const rowLayout = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const row = document.querySelector('.member-rows > tr')!;
    const [email, name, , , actions] = row.querySelectorAll('td');
    const invitation = document.querySelector('.invitation-rows > li')!;
    const style = (element: Element, pseudo?: string) => getComputedStyle(element, pseudo);
    return {
      row: style(row).display,
      cell: `${style(email!).display} ${style(email!).paddingLeft}`,
      email: style(email!).wordBreak,
      nameLabel: style(name!, '::before').content,
      actions: style(actions!).textAlign,
      invitation: `${style(invitation).display} ${style(invitation).flexDirection}`,
      invitationEmail: style(invitation.firstElementChild!.firstElementChild!).wordBreak,
      invitationButtons: style(invitation.lastElementChild!).display,
    };
  });

describe('responsive layout', () => {
  it.each([375, 1440])('the Members, tokens, audit and activation pages have no horizontal scroll at %i px', async (width) => {
    const { context, page } = await ownerOfNewOrganization(h, `wide-${width}@example.com`, `Layout ${width}`, { viewport: { width, height: 900 } });
    await inviteThroughForm(page, `a-rather-long-address-for-a-narrow-screen-${width}@example.com`);
    await page.getByRole('status').getByText('Invitation sent').waitFor();
    const orgId = page.url().split('/orgs/')[1]!.split('/')[0]!;
    for (const path of ['members', 'tokens', 'audit']) {
      await page.goto(`${h.app.url}/orgs/${orgId}/${path}`);
      expect(await overflow(page), path).toBeLessThanOrEqual(0);
      if (path === 'members') {
        // Under 640 px a member row is a stacked block whose value cells draw their column's name; wider, a table row.
        expect(await rowLayout(page)).toEqual({
          row: width === 375 ? 'block' : 'table-row',
          cell: `${width === 375 ? 'block' : 'table-cell'} 16px`,
          email: 'break-all',
          nameLabel: width === 375 ? '"Name" / ""' : 'none',
          actions: width === 375 ? 'left' : 'right',
          invitation: `flex ${width === 375 ? 'column' : 'row'}`,
          invitationEmail: 'break-all',
          invitationButtons: 'flex',
        });
        await page.screenshot({ path: shot(width, 'members'), fullPage: true });
      }
    }

    // The invitation as the invitee sees it: the email, then the activation page.
    const email = await h.smtp.waitForEmail(sentTo(`a-rather-long-address-for-a-narrow-screen-${width}@example.com`));
    const invitee = await h.browser.newContext({ viewport: { width, height: 900 } });
    const inviteePage = await invitee.newPage();
    await inviteePage.setContent(String(email.html));
    await inviteePage.screenshot({ path: shot(width, 'invitation-email'), fullPage: true });
    await inviteePage.goto(linksIn(email.text).find((link) => link.includes('/invite/'))!);
    await inviteePage.getByRole('button', { name: 'Accept invitation' }).waitFor();
    expect(await overflow(inviteePage), 'activation page').toBeLessThanOrEqual(0);
    await inviteePage.screenshot({ path: shot(width, 'activation'), fullPage: true });
    await Promise.all([invitee.close(), context.close()]);
  });
});

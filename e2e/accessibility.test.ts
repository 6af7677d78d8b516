import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { useAppHarness } from './support/harness';
import { signInThroughEmail } from './support/session';
import { createOrganizationThroughUi, inviteThroughForm } from './support/members-page';

const h = useAppHarness();

describe.each(['light', 'dark'] as const)('accessibility (axe-core), %s theme', (colorScheme) => {
  it('sign-in, check-email, an unknown activation link and the 404 page have no violations', async () => {
    const context = await h.browser.newContext({ colorScheme });
    const page = await context.newPage();
    for (const path of ['/sign-in', '/sign-in/check-email', `/invite/${'x'.repeat(43)}`, '/no-such-page']) {
      await page.goto(`${h.app.url}${path}`);
      expect(await axeViolations(page), path).toEqual([]);
    }
    // The check itself works: a planted image without alt text is reported.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="/favicon.svg">'));
    expect((await axeViolations(page)).join('\n')).toContain('image-alt');
    await context.close();
  });

  it('onboarding, Members (with a pending and an expired invitation and an open confirmation dialog), API tokens and the audit log have no violations', async () => {
    const context = await h.browser.newContext({ colorScheme });
    const page = await context.newPage();
    await signInThroughEmail(page, h.app.url, h.smtp, `axe-${colorScheme}@example.com`);
    expect(await axeViolations(page), 'onboarding').toEqual([]);
    await createOrganizationThroughUi(page, `Accessible ${colorScheme}`);
    await inviteThroughForm(page, 'guest@example.com');
    await page.getByText('guest@example.com', { exact: true }).waitFor();
    expect(await axeViolations(page), 'Members').toEqual([]);
    // An expired invitation too (its Expired mark and Resend).
    await h.db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 60_000) }).where('email', '=', 'guest@example.com').execute();
    await page.reload();
    await page.getByText('Expired', { exact: true }).waitFor();
    expect(await axeViolations(page), 'Members with an expired invitation').toEqual([]);
    await page.getByRole('button', { name: `Remove axe-${colorScheme}@example.com` }).click();
    await page.getByRole('dialog').waitFor();
    expect(await axeViolations(page), 'Members, confirmation dialog open').toEqual([]);
    await page.keyboard.press('Escape');
    const orgId = page.url().split('/orgs/')[1]!.split('/')[0]!;
    for (const path of ['tokens', 'audit']) {
      await page.goto(`${h.app.url}/orgs/${orgId}/${path}`);
      expect(await axeViolations(page), path).toEqual([]);
    }
    await context.close();
  });
});

import { describe, expect, it } from 'vitest';
import { axeViolations } from '@/test-support/browser/axe';
import { useAppHarness } from '@/test-support/app/harness';
import { signInThroughEmail } from '@/test-support/browser/sign-in';
import { createOrganizationThroughUi, ownerOfNewOrganization, inviteThroughForm } from '@/test-support/browser/members-page';

const h = useAppHarness();

describe.each(['light', 'dark'] as const)('accessibility (axe-core), %s theme', (colorScheme) => {
  it('sign-in, check-email, sign-in confirmation (whole and incomplete link), an unknown activation link and the 404 page have no violations', async () => {
    const context = await h.browser.newContext({ colorScheme });
    const page = await context.newPage();
    const confirm = `/sign-in/confirm?token=${'a'.repeat(64)}&email=ada%40example.com&callbackUrl=%2F`;
    for (const path of ['/sign-in', '/sign-in/check-email', confirm, '/sign-in/confirm?token=x', `/invite/${'x'.repeat(43)}`, '/no-such-page']) {
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

type AxNode = { ignored: boolean; role?: { value: string }; name?: { value: string } };

describe('the Members page at 375 px (stacked rows)', () => {
  it('keeps its table semantics for screen readers and has no axe violations', async () => {
    const { context, page } = await ownerOfNewOrganization(h, 'narrow@example.com', 'Narrow Co', { viewport: { width: 375, height: 800 } });
    await inviteThroughForm(page, 'pending-narrow@example.com');
    await page.getByText('pending-narrow@example.com', { exact: true }).waitFor();
    const table = page.locator('table', { hasText: 'Members of Narrow Co' });
    expect(await table.evaluate((t) => getComputedStyle(t).display), 'stacked rows at 375 px').toBe('block');

    // display:block drops a table's semantics in Firefox and Safari (Chromium keeps them): every part states its role.
    const withoutRole = await table.evaluate((t) => {
      const expected: Record<string, string> = { TABLE: 'table', THEAD: 'rowgroup', TBODY: 'rowgroup', TR: 'row', TH: 'columnheader', TD: 'cell' };
      return [t, ...t.querySelectorAll('thead, tbody, tr, th, td')].filter((e) => e.getAttribute('role') !== expected[e.tagName]).map((e) => e.outerHTML.slice(0, 80));
    });
    expect(withoutRole).toEqual([]);

    // What Chromium's accessibility tree exposes: the table, its column headers, and cells without the
    // drawn column names (those come from the headers, not from the cell's text).
    const cdp = await context.newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const exposed = nodes.filter((n) => !n.ignored);
    const named = (role: string) => exposed.filter((n) => n.role?.value === role).map((n) => n.name?.value ?? '');
    expect(named('table')).toContain('Members of Narrow Co');
    expect(named('columnheader')).toEqual(['Email', 'Name', 'Role', 'Joined', 'Actions']);
    const cells = named('cell');
    expect(cells.slice(0, 3)).toEqual(['narrow@example.com(you)', '—', 'Owner']);
    expect(cells[3]).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
    expect(cells[4]).toBe('Remove narrow@example.com');

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page), `Members at 375 px, ${colorScheme}`).toEqual([]);
    }
    await context.close();
  });
});

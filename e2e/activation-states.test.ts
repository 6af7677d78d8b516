import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { newActivationToken } from '@/server/invitations/activation-token';
import { axeViolations } from '@/test-support/browser/axe';
import { useAppHarness } from '@/test-support/app/harness';
import { signInThroughEmail } from '@/test-support/browser/sign-in';

const h = useAppHarness();

/** An organization with one owner and an invitation whose secret the test knows. */
async function plant(email: string, overrides: Record<string, unknown> = {}) {
  const owner = await h.db.insertInto('User').values({ id: crypto.randomUUID(), email: `owner-${crypto.randomUUID()}@example.com`, name: 'Olga Owner' }).returning('id').executeTakeFirstOrThrow();
  const org = await h.db.insertInto('organizations').values({ name: 'Landing Co' }).returning('id').executeTakeFirstOrThrow();
  await h.db.insertInto('memberships').values({ organization_id: org.id, user_id: owner.id, role: 'owner' }).execute();
  const { token, hash } = newActivationToken();
  await h.db
    .insertInto('invitations')
    .values({ organization_id: org.id, email, role: 'owner', token_hash: hash, invited_by: owner.id, expires_at: sql<Date>`now() + interval '72 hours'`, ...overrides })
    .execute();
  return { link: `${h.app.url}/invite/${token}`, orgId: org.id };
}

describe('the activation page', () => {
  it('shows a person signed in as another address both addresses, and lets them switch and accept', async () => {
    const { link, orgId } = await plant('invited@example.com');
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await signInThroughEmail(page, h.app.url, h.smtp, 'someone.else@example.com');
    await page.goto(link);
    await page.getByRole('heading', { name: 'This invitation is for another address' }).waitFor();
    const text = await page.locator('main').textContent();
    expect(text).toContain('someone.else@example.com');
    expect(text).toContain('invited@example.com');

    await page.getByRole('button', { name: 'Sign out and continue as invited@example.com' }).click();
    await page.getByRole('heading', { name: 'Join Landing Co' }).waitFor();
    await page.getByRole('textbox', { name: 'Your name' }).fill('Invited Person');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.waitForURL(`${h.app.url}/orgs/${orgId}/members`);
    await page.getByRole('row', { name: /invited@example\.com/ }).waitFor();
    await context.close();
  });

  it.each([
    ['expired', { expires_at: sql<Date>`now() - interval '1 hour'` }, 'This invitation has expired', 'Ask Olga Owner'],
    ['used', { accepted_at: new Date() }, 'This invitation has already been used', 'Each invitation link works once'],
    ['withdrawn', { withdrawn_at: new Date() }, 'This invitation is no longer valid', 'It was withdrawn by Landing Co'],
  ])('explains a %s link and offers no Accept button', async (_state, overrides, heading, advice) => {
    const { link } = await plant(`${_state}@example.com`, overrides);
    const page = await h.browser.newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: heading }).waitFor();
    expect(await page.locator('main').textContent()).toContain(advice);
    expect(await page.getByRole('button', { name: 'Accept invitation' }).count()).toBe(0);
    expect(await page.title()).toBe(heading);
    await page.close();
  });
});

describe('the activation page, checked with axe-core', () => {
  it.each(['light', 'dark'] as const)('has no accessibility violation in any state (%s theme)', async (colorScheme) => {
    const context = await h.browser.newContext({ colorScheme });
    const page = await context.newPage();
    const states: [string, Record<string, unknown>][] = [
      ['valid', {}],
      ['expired', { expires_at: sql<Date>`now() - interval '1 hour'` }],
      ['used', { accepted_at: new Date() }],
      ['withdrawn', { withdrawn_at: new Date() }],
    ];
    for (const [state, overrides] of states) {
      const { link } = await plant(`axe-${state}-${colorScheme}@example.com`, overrides);
      await page.goto(link);
      expect(await axeViolations(page), state).toEqual([]);
    }
    await context.close();
  });
});

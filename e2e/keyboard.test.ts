// Invite, withdraw and remove with the keyboard only: Tab to reach things, Enter
// to press them, Escape to back out. Dialogs take focus and give it back.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAppHarness } from '@/test-support/app/harness';
import { ownerOfNewOrganization, toast } from '@/test-support/browser/members-page';

const h = useAppHarness();

const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

/** Presses Tab until `target` has focus (fails after `limit` presses): the way a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}


describe('the Members page with the keyboard only', () => {
  it('invites, withdraws and removes without a pointer; dialogs take focus, Escape closes them, focus returns', async () => {
    const { context, page, orgId } = await ownerOfNewOrganization(h, 'keys@example.com', 'Keyboard Co');
    // A second member to remove.
    const other = await h.db.insertInto('User').values({ id: crypto.randomUUID(), email: 'leaving@example.com', name: 'Lea Ving' }).returning('id').executeTakeFirstOrThrow();
    await h.db.insertInto('memberships').values({ organization_id: orgId, user_id: other.id, role: 'owner' }).execute();
    await page.reload();
    await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();

    // Invite: Tab into the email field, type, Enter submits.
    const email = page.getByRole('form', { name: 'Add a new user to your organization' }).getByRole('textbox', { name: 'Email' });
    await tabTo(page, email);
    await page.keyboard.type('keyed@example.com');
    await page.keyboard.press('Enter');
    await toast(page, 'Invitation sent to keyed@example.com');

    // Withdraw: Tab to the row's button, Enter opens the dialog with focus inside.
    const withdraw = page.getByRole('button', { name: 'Withdraw invitation to keyed@example.com' });
    await tabTo(page, withdraw);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Withdraw this invitation?' });
    await dialog.waitFor();
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    // Escape backs out and gives focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => isFocused(withdraw)).toBe(true);
    // Again, this time confirming from the keyboard.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(page, dialog.getByRole('button', { name: 'Withdraw Invitation' }));
    await page.keyboard.press('Enter');
    await toast(page, 'Invitation to keyed@example.com withdrawn');
    await page.getByRole('button', { name: 'Withdraw invitation to keyed@example.com' }).waitFor({ state: 'detached' });

    // Remove: the same pattern on the member list.
    const remove = page.getByRole('button', { name: 'Remove leaving@example.com' });
    await tabTo(page, remove, 80);
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: 'Remove leaving@example.com?' });
    await confirm.waitFor();
    await tabTo(page, confirm.getByRole('button', { name: 'Remove user access' }));
    await page.keyboard.press('Enter');
    await toast(page, 'leaving@example.com removed');
    await page.getByRole('cell', { name: 'leaving@example.com', exact: true }).waitFor({ state: 'detached' });
    expect(await h.db.selectFrom('memberships').select('id').where('user_id', '=', other.id).execute()).toHaveLength(0);
    await context.close();
  });

  it('opens the organization menu from the keyboard: focus on the first item, arrows move, Escape returns to the button, Enter follows', async () => {
    const { context, page } = await ownerOfNewOrganization(h, 'menu-keys@example.com', 'Menu Co');

    const button = page.getByRole('button', { name: 'Menu Co' });
    await tabTo(page, button);
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu');
    await menu.waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => isFocused(menu.getByRole('menuitem', { name: 'Members' }))).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => isFocused(menu.getByRole('menuitem', { name: 'API tokens' }))).toBe(true);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    await expect.poll(() => isFocused(button)).toBe(true);

    await page.keyboard.press('Enter');
    await menu.waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tokens$/);
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await context.close();
  });
});

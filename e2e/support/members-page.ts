// Steps on the Members page that many browser tests share.
import type { Page } from 'playwright-core';

/** On the onboarding page: names a new organization, waits for its Members page, returns its id. */
export async function createOrganizationThroughUi(page: Page, name: string): Promise<string> {
  await page.getByRole('textbox', { name: 'Organization name' }).fill(name);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.waitForURL(/\/orgs\/[0-9a-f-]{36}\/members$/);
  return page.url().split('/orgs/')[1]!.split('/')[0]!;
}

/** Submits the invite form ("Add a new user to your organization") for one address. */
export async function inviteThroughForm(page: Page, email: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Add a new user to your organization' });
  await form.getByRole('textbox', { name: 'Email' }).fill(email);
  await form.getByRole('button', { name: 'Add' }).click();
}

/** Waits for a success toast containing `text`. */
export const toast = (page: Page, text: string) => page.getByRole('status').getByText(text).waitFor();

// Steps on the Members page that many browser tests share.
import type { Locator, Page, Route } from 'playwright-core';
import { expect } from 'vitest';

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

/** Waits for a success toast that says exactly `text`. */
export const toast = (page: Page, text: string) => page.getByRole('status').getByText(text, { exact: true }).waitFor();

/**
 * Holds the page's next server-action request (a POST with a Next-Action header)
 * until `release()`, so a test can look at the pending state of the button that sent it.
 */
export async function holdNextServerAction(page: Page): Promise<{ held: Promise<void>; release: () => void }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const held = new Promise<void>((resolve) => (arrived = resolve));
  let taken = false;
  const handler = async (route: Route) => {
    if (taken || route.request().method() !== 'POST' || !route.request().headers()['next-action']) return route.fallback();
    taken = true;
    arrived();
    await released;
    await route.continue();
    await page.unroute('**/*', handler);
  };
  await page.route('**/*', handler);
  return { held, release };
}

/** The button is in its pending state: disabled, aria-busy, and saying what it does. */
export async function expectPending(button: Locator, label: string): Promise<void> {
  const state = () => button.evaluate((b: HTMLButtonElement) => ({ busy: b.getAttribute('aria-busy'), disabled: b.disabled, text: b.textContent }));
  await expect.poll(state).toEqual({ busy: 'true', disabled: true, text: label });
}

/**
 * Clicks the button named `label` in `scope`, holds the server action it sends,
 * checks its pending state (disabled, aria-busy, `pendingLabel`), then lets the action through.
 */
export async function clickAndExpectPending(page: Page, scope: Page | Locator, label: string, pendingLabel: string): Promise<void> {
  const button = scope.getByRole('button', { name: label, exact: true }).or(scope.getByRole('button', { name: pendingLabel, exact: true }));
  const { held, release } = await holdNextServerAction(page);
  await button.click();
  await held;
  await expectPending(button, pendingLabel);
  release();
}

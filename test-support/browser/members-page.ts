// Steps on the Members page that many browser tests share.
import type { BrowserContextOptions, Locator, Page, Request, Route } from 'playwright-core';
import { expect } from 'vitest';
import type { Harness } from '@/test-support/app/harness';
import { signInThroughEmail } from './sign-in';

/** A browser of its own, signed in as `email` through the emailed link, on the Members page of a new organization it owns. */
export async function ownerOfNewOrganization(h: Harness, email: string, orgName: string, options?: BrowserContextOptions) {
  const context = await h.browser.newContext(options);
  const page = await context.newPage();
  await signInThroughEmail(page, h.app.url, h.smtp, email);
  const orgId = await createOrganizationThroughUi(page, orgName);
  return { context, page, orgId };
}

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

/**
 * The button is in its pending state: aria-disabled and aria-busy, saying what it
 * does, and (if it had it) still holding keyboard focus: it is not `disabled`,
 * which would drop focus.
 */
export async function expectPending(button: Locator, label: string, focused = true): Promise<void> {
  const state = () =>
    button.evaluate((b: HTMLButtonElement) => ({
      busy: b.getAttribute('aria-busy'),
      ariaDisabled: b.getAttribute('aria-disabled'),
      focused: document.activeElement === b,
      text: b.textContent,
    }));
  await expect.poll(state).toEqual({ busy: 'true', ariaDisabled: 'true', focused, text: label });
}

/**
 * Clicks the button named `label` in `scope`, holds the server action it sends,
 * checks its pending state (aria-disabled, aria-busy, focused, `pendingLabel`),
 * clicks it again (which must send nothing), then lets the action through.
 */
export async function clickAndExpectPending(page: Page, scope: Page | Locator, label: string, pendingLabel: string): Promise<void> {
  const button = scope.getByRole('button', { name: label, exact: true }).or(scope.getByRole('button', { name: pendingLabel, exact: true }));
  let actions = 0;
  const count = (request: Request) => {
    if (request.method() === 'POST' && request.headers()['next-action']) actions += 1;
  };
  page.on('request', count);
  const { held, release } = await holdNextServerAction(page);
  await button.click();
  await held;
  await expectPending(button, pendingLabel);
  await button.click({ force: true }); // a second click while pending: ignored
  await page.waitForTimeout(200);
  page.off('request', count);
  expect(actions).toBe(1);
  release();
}

// The README's quick start: `npm run dev` with no configuration at all. Mail goes
// to the development mailbox (and the terminal), and the demo owner can sign in.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApp, type RunningApp } from '@/test-support/app/start-app';
import { launchChromium } from '@/test-support/browser/chromium';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ dev: true }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

it('the seeded demo owner signs in with the link from the development mailbox', async () => {
  expect(app.output()).toContain(`Sign in at ${app.url}/sign-in as owner@example.com`);
  const page = await browser.newPage();
  await page.goto(`${app.url}/sign-in`);
  await page.getByRole('textbox', { name: 'Email' }).fill('owner@example.com');
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();

  await page.getByRole('link', { name: 'development mailbox' }).click();
  await page.getByRole('link', { name: /Your sign-in link for Members/ }).click();
  const link = page.getByRole('link', { name: /\/sign-in\/confirm\?/ });
  const href = await link.getAttribute('href');
  expect(href?.startsWith(`${app.url}/sign-in/confirm?`)).toBe(true);
  // The same link was printed in the terminal.
  expect(app.output()).toContain(href!);

  await link.click();
  await page.getByRole('heading', { name: 'Sign in as owner@example.com' }).waitFor();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Demo Organization' }).waitFor();
  const cells = await page.getByRole('row', { name: /owner@example\.com/ }).getByRole('cell').allTextContents();
  expect(cells.slice(0, 3)).toEqual(['owner@example.com(you)', 'Demo Owner', 'Owner']);
});

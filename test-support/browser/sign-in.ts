import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { linksIn, type TestSmtpServer } from '@/test-support/mail/smtp-server';

/** Signs in through the real UI and the real email; returns the link that was used. */
export async function signInThroughEmail(page: Page, appUrl: string, smtp: TestSmtpServer, email: string): Promise<string> {
  const before = smtp.messages.length;
  await page.goto(`${appUrl}/sign-in`);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  const message = await smtp.waitForEmail((m, i = smtp.messages.indexOf(m)) => i >= before && m.envelopeTo.includes(email));
  const link = linksIn(message.text).find((l) => l.includes('/sign-in/confirm?'));
  expect(link, 'the sign-in email carries a sign-in link').toBeDefined();
  await openSignInLink(page, link!);
  return link!;
}

/** Opens an emailed sign-in link and presses its "Sign in" button (opening the link alone signs nobody in). */
export async function openSignInLink(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in/confirm');
}

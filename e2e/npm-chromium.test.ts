// The Chromium that `npm ci` brings (@sparticuz/chromium), launched explicitly: CI runs the
// suite in Debian's Chromium, so without this file the browser a newcomer gets from
// `npm ci && npm test` alone (no apt-get) would never be exercised. See test-support/browser/chromium.ts.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '@/test-support/app/start-app';
import { launchChromium, npmChromiumPath, npmChromiumVersion } from '@/test-support/browser/chromium';
import { signInThroughEmail } from '@/test-support/browser/sign-in';
import { startSmtpServer, type TestSmtpServer } from '@/test-support/mail/smtp-server';

let smtp: TestSmtpServer;
let app: RunningApp;
let browser: Browser;
let executablePath: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  // Unpacked here when the run's browser is another one (about 2 s the first time on a machine).
  executablePath = await npmChromiumPath();
  [app, browser] = await Promise.all([startApp({ smtpUrl: smtp.url }), launchChromium(executablePath)]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await smtp?.close();
});

describe('the npm Chromium', () => {
  it('is the one running: the Chromium version of the installed @sparticuz/chromium', () => {
    expect(executablePath).not.toBe('/usr/bin/chromium');
    // The package's major version is Chromium's (143.0.x ships Chromium 143).
    expect(browser.version().split('.')[0]).toBe(npmChromiumVersion()!.split('.')[0]);
  });

  it('renders the sign-in page and signs in through the form and the emailed link', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/sign-in`);
    await page.getByRole('heading', { name: 'Sign in to Members' }).waitFor();
    expect(await page.title()).toMatch(/Sign in/);
    // The form posts, the email arrives, its link and "Sign in" button start a session.
    await signInThroughEmail(page, app.url, smtp, 'npm-chromium@example.com');
    await page.getByRole('textbox', { name: 'Organization name' }).waitFor();
    expect((await context.cookies()).some((c) => c.name === 'authjs.session-token')).toBe(true);
    await context.close();
  });

  it("enforces the app's CSP: an inline script in the page runs only with the header's nonce", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Scripts added through the DevTools protocol (page.evaluate) bypass CSP: the inline scripts go
    // into the HTML itself instead, as an injection would put them, under the app's real header.
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { violations: string[] }).violations = []);
      document.addEventListener('securitypolicyviolation', (event) => seen.push(event.effectiveDirective));
    });
    let csp = '';
    await page.route(`${app.url}/sign-in`, async (route) => {
      const response = await route.fetch();
      csp = response.headers()['content-security-policy'] ?? '';
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? 'no-nonce-in-the-header';
      const html = (await response.text()).replace(/<head[^>]*>/, (head) => `${head}<script>window.withoutNonce = true</script><script nonce="${nonce}">window.withNonce = true</script>`);
      const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => !['content-length', 'content-encoding'].includes(name)));
      await route.fulfill({ status: response.status(), headers, body: html });
    });
    await page.goto(`${app.url}/sign-in`);
    await page.getByRole('heading', { name: 'Sign in to Members' }).waitFor();
    expect(csp).toMatch(/script-src [^;]*'nonce-/);
    const outcome = await page.evaluate(() => {
      const w = window as unknown as { withoutNonce?: boolean; withNonce?: boolean; violations: string[] };
      return { withoutNonce: w.withoutNonce ?? false, withNonce: w.withNonce ?? false, violations: w.violations };
    });
    expect(outcome.withoutNonce, 'an inline script without the nonce ran: the CSP is not enforced').toBe(false);
    // The control: an inline script carrying the header's nonce runs, so the one above was refused for its missing nonce.
    expect(outcome.withNonce, "an inline script with the header's nonce did not run").toBe(true);
    expect(outcome.violations).toEqual([expect.stringMatching(/^script-src/)]);
    await context.close();
  });
});

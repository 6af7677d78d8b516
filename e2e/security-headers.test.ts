import { describe, expect, it } from 'vitest';
import { useAppHarness } from '@/test-support/app/harness';
import { signInThroughEmail } from '@/test-support/browser/sign-in';
import { createOrganizationThroughUi } from '@/test-support/browser/members-page';

const h = useAppHarness();

describe('security headers', () => {
  it.each(['/sign-in', '/sign-in/check-email', '/sign-in/error?error=Verification', `/invite/${'x'.repeat(43)}`, '/no-such-page'])(
    '%s carries a nonce-based CSP without inline scripts, and refuses framing and sniffing',
    async (path) => {
      const response = await fetch(`${h.app.url}${path}`, { redirect: 'manual' });
      const csp = response.headers.get('content-security-policy') ?? '';
      const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
      expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
      expect(scriptSrc).not.toContain('unsafe-inline');
      expect(scriptSrc).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe(path.startsWith('/invite/') ? 'no-referrer' : 'strict-origin-when-cross-origin');
      expect(response.headers.get('strict-transport-security')).toBeNull(); // APP_URL is http here
    },
  );

  it('the JSON API refuses to be framed, sniffed, cached or run as a document, and sends no referrer', async () => {
    const response = await fetch(`${h.app.url}/api/trpc/org.member.list`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
  });

  it('pages work under the policy: no CSP violation while signing in and using the menu', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
    });
    await signInThroughEmail(page, h.app.url, h.smtp, 'csp@example.com');
    await createOrganizationThroughUi(page, 'Strict Co');
    await page.getByRole('button', { name: 'Strict Co' }).click();
    await page.getByRole('menuitem', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    const nonces = await page.locator('script[nonce]').count();
    expect(nonces).toBeGreaterThan(0);
    expect(violations).toEqual([]);
    await context.close();
  });
});

// Every redirect to a caller-supplied target stays on APP_URL's origin. Browsers drop
// tabs and newlines in URLs and read "\" as "/": "/\t/evil.example" means "//evil.example".
import { describe, expect, it } from 'vitest';
import { emailedSignInLink, postSignIn, postSignInLink, signedInCookie } from '@/test-support/app/auth-requests';
import { useAppHarness } from '@/test-support/app/harness';

const h = useAppHarness();

// As they arrive in a query string (percent-encoded).
const HOSTILE = [
  '%2F%09%2Fevil.example',
  '%2F%0A%2Fevil.example',
  '%2F%0D%2Fevil.example',
  '%2F%0D%0ASet-Cookie%3A%20x%3D1',
  '%2F%09%5Cevil.example',
  '%2F%5Cevil.example',
  '%5C%5Cevil.example',
  '%2F%2Fevil.example',
  '%2F.%2F%2Fevil.example',
  '%2F%00%2Fevil.example',
  'https%3A%2F%2Fevil.example',
  'javascript%3Aalert(1)',
  '%20%2Fevil.example',
];

/** A redirect's target as a browser reads it: on our origin, whatever the header says. */
function expectOnOurOrigin(response: Response, what: string): void {
  expect(response.status, what).toBeLessThan(500);
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400) {
    expect(location, what).not.toBeNull();
    expect(location!, what).not.toMatch(/[\u0000-\u001f\u007f\\]/);
    expect(new URL(location!, h.app.url).origin, `${what} → ${location}`).toBe(h.app.url);
    expect(location!, what).not.toContain('evil.example');
  }
}

describe('the sign-in page', () => {
  it.each(HOSTILE)('sends a signed-in person to our own origin for callbackUrl=%s, never a 500', async (value) => {
    const cookie = await cookieOnce();
    const response = await fetch(`${h.app.url}/sign-in?callbackUrl=${value}`, { redirect: 'manual', headers: { cookie } });
    expect(response.status).toBe(307);
    expectOnOurOrigin(response, value);
    expect(response.headers.get('location')).toBe('/');
  });

  it('keeps a real path', async () => {
    const response = await fetch(`${h.app.url}/sign-in?callbackUrl=%2Forgs%2Fabc%3Fq%3D1`, { redirect: 'manual', headers: { cookie: await cookieOnce() } });
    expect(response.headers.get('location')).toBe('/orgs/abc?q=1');
  });

  it.each(HOSTILE)('puts "/" in the form of a visitor for callbackUrl=%s', async (value) => {
    const response = await fetch(`${h.app.url}/sign-in?callbackUrl=${value}`, { redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/name="callbackUrl" value="\/"/);
  });
});

describe("Auth.js's endpoints", () => {
  it.each(HOSTILE.slice(0, 6))('a sign-in request with callbackUrl=%s gets a link and redirects on our origin', async (value) => {
    const callbackUrl = decodeURIComponent(value);
    const email = `hostile${HOSTILE.indexOf(value)}@example.com`;
    expectOnOurOrigin(await postSignIn(h.app.url, email, callbackUrl), 'sign-in POST');
    const link = await emailedSignInLink(h, email, callbackUrl);
    expect(new URL(link).origin).toBe(h.app.url);
    expect(new URL(link).searchParams.get('callbackUrl')).toBe('/');

    // Even with the hostile value put back into the link, the callback redirects on our origin.
    const signedIn = await postSignInLink(h.app.url, link, { callbackUrl });
    expectOnOurOrigin(signedIn, 'callback POST');
    expect(signedIn.headers.get('location')).toBe(`${h.app.url}/`);
    expect(signedIn.headers.getSetCookie().some((c) => c.startsWith('authjs.session-token='))).toBe(true);
  });

  it.each(HOSTILE.slice(0, 6))('sign-out with callbackUrl=%s redirects on our origin', async (value) => {
    const cookie = await signedInCookie(h, `leaving${HOSTILE.indexOf(value)}@example.com`);
    const csrf = await fetch(`${h.app.url}/api/auth/csrf`, { headers: { cookie } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookies = [cookie, ...csrf.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
    const response = await fetch(`${h.app.url}/api/auth/signout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
      body: new URLSearchParams({ csrfToken, callbackUrl: decodeURIComponent(value) }),
    });
    expectOnOurOrigin(response, 'sign-out POST');
  });
});

let cookie: string | undefined;
/** One signed-in person for the sign-in page's cases. */
async function cookieOnce(): Promise<string> {
  cookie ??= await signedInCookie(h, 'returning@example.com');
  return cookie;
}

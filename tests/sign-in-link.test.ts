import { describe, expect, it } from 'vitest';
import { emailCallbackDetour } from '@/server/auth/email-callback-guard';
import { callbackPath, confirmPath, parseSignInLink } from '@/server/auth/sign-in-link';

const APP = 'http://localhost:3000';
const TOKEN = 'a'.repeat(64);
const query = (params: Record<string, string>) => new URLSearchParams(params);

describe('sign-in link parts', () => {
  it('are read from a whole link, the return path kept on our origin', () => {
    expect(parseSignInLink(query({ token: TOKEN, email: 'Ada@Example.com', callbackUrl: 'http://localhost:3000/orgs/1' }), APP)).toEqual({
      token: TOKEN,
      email: 'ada@example.com',
      callbackUrl: '/orgs/1',
    });
    expect(parseSignInLink(query({ token: TOKEN, email: 'ada@example.com', callbackUrl: '/\t/evil.example' }), APP)?.callbackUrl).toBe('/');
    expect(parseSignInLink(query({ token: TOKEN, email: 'ada@example.com' }), APP)?.callbackUrl).toBe('/');
  });

  it.each([
    ['nothing', {}],
    ['no token', { email: 'ada@example.com' }],
    ['no address', { token: TOKEN }],
    ['a short token', { token: 'abc', email: 'ada@example.com' }],
    ['a token with other characters', { token: `${TOKEN}<script>`, email: 'ada@example.com' }],
    ['a malformed address', { token: TOKEN, email: 'ada' }],
    ['an address with a line break', { token: TOKEN, email: 'ada@example.com\r\nBcc: eve@example.com' }],
    ['repeated parameters', { token: [TOKEN, TOKEN], email: 'ada@example.com' }],
  ])('are refused with %s', (_case, params: Record<string, string | string[]>) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) for (const one of [value].flat()) search.append(name, one);
    expect(parseSignInLink(search, APP)).toBeNull();
    expect(parseSignInLink(params, APP)).toBeNull();
  });

  it('build the confirmation page and the callback it posts to', () => {
    const link = { token: TOKEN, email: 'ada@example.com', callbackUrl: '/orgs/1' };
    expect(confirmPath(link)).toBe(`/sign-in/confirm?token=${TOKEN}&email=ada%40example.com&callbackUrl=%2Forgs%2F1`);
    expect(callbackPath(link)).toBe(`/api/auth/callback/nodemailer?token=${TOKEN}&email=ada%40example.com&callbackUrl=%2Forgs%2F1`);
  });
});

describe("Auth.js's email callback", () => {
  const callback = `${APP}/api/auth/callback/nodemailer?token=${TOKEN}&email=ada%40example.com&callbackUrl=%2Forgs%2F1`;
  const confirm = `${APP}/sign-in/confirm?token=${TOKEN}&email=ada%40example.com&callbackUrl=%2Forgs%2F1`;
  const detour = (url: string, init?: RequestInit) => emailCallbackDetour(new Request(url, init), APP);

  it.each(['GET', 'HEAD'])('answers a %s with the confirmation page, never reaching Auth.js', (method) => {
    const response = detour(callback, { method });
    expect(response?.status).toBe(303);
    expect(response?.headers.get('location')).toBe(confirm);
  });

  it('sends a malformed link to the confirmation page, which says so', () => {
    expect(detour(`${APP}/api/auth/callback/nodemailer?token=x`)?.headers.get('location')).toBe(`${APP}/sign-in/confirm`);
  });

  it.each([
    ['another site', { origin: 'https://evil.example' }],
    ['no Origin header', {}],
    ['our host on another port', { origin: 'http://localhost:3001' }],
  ])('answers a POST from %s with the confirmation page', (_case, headers: Record<string, string>) => {
    expect(detour(callback, { method: 'POST', headers })?.headers.get('location')).toBe(confirm);
  });

  it('lets a POST from our own origin through to Auth.js', () => {
    expect(detour(callback, { method: 'POST', headers: { origin: APP } })).toBeNull();
  });

  it('is recognized as Auth.js reads the path, extra slashes included', () => {
    expect(detour(`${APP}/api/auth//callback//nodemailer/?token=${TOKEN}&email=ada%40example.com`)?.status).toBe(303);
    for (const path of ['/api/auth/signin/nodemailer', '/api/auth/csrf', '/api/auth/callback/other', '/api/authx/callback/nodemailer']) {
      expect(detour(`${APP}${path}`), path).toBeNull();
    }
  });
});

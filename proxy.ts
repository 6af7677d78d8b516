// Security headers on every page (Next.js "proxy", formerly middleware): a
// nonce-based Content-Security-Policy (Next.js puts the nonce on its own scripts),
// no framing, no MIME sniffing, and HSTS when the app is served over https.
import { type NextRequest, NextResponse } from 'next/server';
import { getConfig } from '@/server/config';

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const { https, development: dev } = getConfig();
  const csp = [
    "default-src 'self'",
    // React needs eval in development only (error overlays); never in production.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Styles only: emails shown in the development mailbox carry inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });

  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('X-Frame-Options', 'DENY');
  response.headers.set('Referrer-Policy', referrerPolicy(request.nextUrl.pathname));
  if (https) response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  return response;
}

/**
 * Activation and sign-in links carry their secret in the URL: never send them on
 * as a referrer. The sign-in confirmation page says "same-origin", not
 * "no-referrer": its form's POST must carry our Origin (no-referrer sends "null").
 */
function referrerPolicy(pathname: string): string {
  if (pathname.startsWith('/invite/')) return 'no-referrer';
  if (pathname === '/sign-in/confirm' || pathname.startsWith('/api/auth/callback/')) return 'same-origin';
  return 'strict-origin-when-cross-origin';
}

export const config = {
  // Pages only: static files carry no user data, and the JSON API (which runs no
  // scripts) sets its fixed headers itself (server/http/api.ts).
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.svg|api/trpc).*)' }],
};

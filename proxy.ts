// Security headers on every page (Next.js "proxy", formerly middleware): a
// nonce-based Content-Security-Policy (Next.js puts the nonce on its own scripts),
// no framing, no MIME sniffing, and HSTS when the app is served over https.
import { type NextRequest, NextResponse } from 'next/server';

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const https = (process.env.APP_URL ?? '').startsWith('https://');
  const dev = process.env.NODE_ENV === 'development';
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
  // Activation links carry their secret in the path: never send them on as a referrer.
  response.headers.set('Referrer-Policy', request.nextUrl.pathname.startsWith('/invite/') ? 'no-referrer' : 'strict-origin-when-cross-origin');
  if (https) response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  return response;
}

export const config = {
  // Pages only: static files carry no user data, and the JSON API (which runs no
  // scripts) sets its fixed headers itself (server/http/api.ts).
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.svg|api/trpc).*)' }],
};

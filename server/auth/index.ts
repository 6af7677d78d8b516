// Auth.js v5: passwordless email sign-in, database sessions (a Session row is
// the only proof of being signed in, so deleting it signs the person out).
import { KyselyAdapter } from '@auth/kysely-adapter';
import NextAuth from 'next-auth';
import Nodemailer from 'next-auth/providers/nodemailer';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { db } from '@/db';
import { getConfig } from '@/server/config';
import { log } from '@/server/log';
import { actorForSessionToken, SESSION_MAX_AGE_SECONDS, sessionCookieName } from './sessions';
import { confirmPath, parseSignInLink } from './sign-in-link';
import { enqueueSignInEmail } from '@/server/queue/jobs';
import { requestClientAddress } from '@/server/http/client-address';
import { consumeRateLimit, signInEmailLimits } from '@/server/rate-limit';
import { safeReturnPath } from '@/server/safe-path';
import { normalizeEmail } from '@/server/schemas';
import type { Actor } from '@/server/actor';

const SIGN_IN_LINK_HOURS = 24;

const nextAuth = NextAuth(() => {
  const config = getConfig();
  return {
    // The adapter is typed against its own tables only; ours are a superset.
    adapter: KyselyAdapter(db as unknown as Parameters<typeof KyselyAdapter>[0]),
    secret: config.authSecret,
    trustHost: true,
    session: { strategy: 'database', maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 24 * 60 * 60 },
    useSecureCookies: config.https,
    pages: { signIn: '/sign-in', verifyRequest: '/sign-in/check-email', error: '/sign-in/error' },
    providers: [
      Nodemailer({
        // Delivery goes through server/mail; the provider insists on a value.
        server: config.smtpUrl ?? 'smtp://localhost:25',
        from: config.mailFrom,
        maxAge: SIGN_IN_LINK_HOURS * 60 * 60,
        normalizeIdentifier: normalizeEmail,
        // Queued like every email (retried until delivered); the worker renders and sends it.
        // Rate-limited here too (per mailbox, client address and overall), for callers that post to Auth.js directly.
        async sendVerificationRequest({ identifier, url, request }) {
          const clientAddress = requestClientAddress(request.headers);
          await db.transaction().execute(async (tx) => {
            for (const limit of signInEmailLimits(identifier, clientAddress)) await consumeRateLimit(tx, limit);
            await enqueueSignInEmail(tx, { to: identifier, url: linkOnAppUrl(url, config.appUrl), validForHours: SIGN_IN_LINK_HOURS });
          });
        },
      }),
    ],
    callbacks: {
      // Auth.js's default lets any same-origin URL through (also "/\t/evil", which browsers read as "//evil").
      redirect({ url }) {
        return `${config.appUrl}${safeReturnPath(url, config.appUrl)}`;
      },
      session({ session, user }) {
        session.user.id = user.id;
        return session;
      },
    },
    logger: {
      error(error) {
        log.error('auth error', { error: error.message, type: (error as { type?: string }).type });
      },
      warn(code) {
        log.warn('auth warning', { code });
      },
    },
  };
});

export const { handlers, signIn, signOut } = nextAuth;

/** The signed-in person of this request (one lookup per request), or null. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const sessionToken = (await cookies()).get(sessionCookieName())?.value;
  return sessionToken ? actorForSessionToken(db, sessionToken) : null;
});

/**
 * The emailed link: the confirmation page on APP_URL (never the request's Host),
 * with Auth.js's token, address and return path. Opening it changes nothing; its
 * button posts to Auth.js's callback, which consumes the token.
 */
function linkOnAppUrl(url: string, appUrl: string): string {
  const link = parseSignInLink(new URL(url).searchParams, appUrl);
  if (!link) throw new Error('Auth.js built a sign-in link without a well-formed token and address');
  return new URL(confirmPath(link), appUrl).toString();
}

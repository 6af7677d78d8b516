import { cookies } from 'next/headers';
import { getConfig } from '@/server/config';
import { sessionCookieName } from './sessions';

/**
 * Starts a session for a session row created outside Auth.js (accepting an
 * invitation proves the address, so no second email is needed). Auth.js reads
 * the cookie back like one it set itself.
 */
export async function setSessionCookie(session: { token: string; expires: Date }): Promise<void> {
  (await cookies()).set(sessionCookieName(), session.token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: getConfig().https,
    expires: session.expires,
  });
}

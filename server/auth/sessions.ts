import { sql } from 'kysely';
import type { DB, Tx } from '@/db';
import type { Actor } from '@/server/actor';
import { getConfig } from '@/server/config';
import { randomToken } from '@/server/secrets';

/** How long a session lasts: Auth.js's sessions and the one an accepted invitation starts. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** Auth.js's own session cookie name (the __Secure- prefix when APP_URL is https). */
export function sessionCookieName(): string {
  return getConfig().https ? '__Secure-authjs.session-token' : 'authjs.session-token';
}

/**
 * The person a session cookie belongs to, read straight from the Session row
 * Auth.js wrote at sign-in (one indexed join). Unlike Auth.js's own `auth()`,
 * which logs a database failure and answers "no session", this lets the
 * failure through: a database outage must show an error page, not sign
 * everyone out.
 */
export async function actorForSessionToken(db: DB, sessionToken: string): Promise<Actor | null> {
  if (sessionToken.length === 0 || sessionToken.length > 255) return null;
  const row = await db
    .selectFrom('Session as s')
    .innerJoin('User as u', 'u.id', 's.userId')
    .select(['u.id', 'u.email', 'u.name', sql<string[]>`array(select organization_id::text from memberships where user_id = u.id)`.as('memberOf')])
    .where('s.sessionToken', '=', sessionToken)
    .where('s.expires', '>', new Date())
    .executeTakeFirst();
  return row ? { userId: row.id, email: row.email, name: row.name, memberOf: row.memberOf } : null;
}

export type NewSession = { token: string; expires: Date };

/** A Session row like the ones Auth.js writes, for someone an accepted invitation signs in (setSessionCookie hands it to the browser). */
export async function startSession(tx: Tx, userId: string): Promise<NewSession> {
  const session = { token: randomToken(), expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) };
  await tx.insertInto('Session').values({ sessionToken: session.token, userId, expires: session.expires }).execute();
  return session;
}

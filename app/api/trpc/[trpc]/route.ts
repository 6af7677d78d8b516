import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { db } from '@/db';
import type { Actor } from '@/server/actor';
import { getActor } from '@/server/auth';
import { getConfig } from '@/server/config';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '@/server/errors';
import { errorFields, log } from '@/server/log';
import { authenticateApiToken, containsApiToken } from '@/server/tokens/api-tokens';
import { createContext } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/root';

const RETRY_AFTER_SECONDS = 5;

type Authenticated = { actor: Actor | null } | { refuse: Response };

const refuse = (status: number, code: string, message: string) =>
  ({ refuse: Response.json({ error: { message, code: -32001, data: { code, httpStatus: status } } }, { status }) }) as const;

/**
 * One context for both kinds of caller: `Authorization: Bearer <token>` (scripts;
 * no CSRF exposure, since browsers never attach it on their own) or the session
 * cookie (the web app; cross-origin mutations refused).
 */
async function authenticate(req: Request): Promise<Authenticated> {
  if (containsApiToken(new URL(req.url).search)) {
    return refuse(400, 'BAD_REQUEST', 'API tokens go in the Authorization header ("Bearer <token>"), never in the URL.');
  }
  const authorization = req.headers.get('authorization');
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    const actor = match ? await authenticateApiToken(db, match[1]!) : null;
    return actor ? { actor } : refuse(401, 'UNAUTHORIZED', 'This API token is not valid: it may be mistyped, revoked, or belong to a removed member.');
  }
  if (req.method !== 'GET' && !sameOrigin(req)) {
    return refuse(403, 'FORBIDDEN', 'Cross-origin requests with a session cookie are refused. Scripts should use an API token.');
  }
  return { actor: await getActor() };
}

/** Browsers send Origin (and Sec-Fetch-Site) on POSTs; a request from another site is refused. */
function sameOrigin(req: Request): boolean {
  if (req.headers.get('sec-fetch-site') === 'cross-site') return false;
  const origin = req.headers.get('origin');
  return origin === null || origin === getConfig().appUrl;
}

async function handler(req: Request) {
  let authenticated: Authenticated;
  try {
    authenticated = await authenticate(req);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    log.warn('database unavailable', { path: new URL(req.url).pathname, ...errorFields(error) });
    const response = refuse(503, 'SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE).refuse;
    response.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
    return response;
  }
  if ('refuse' in authenticated) return authenticated.refuse;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createContext({ db, actor: authenticated.actor, requestId: requestIdFrom(req) }),
    // A database outage is temporary: tell clients when to retry.
    responseMeta: ({ errors }) =>
      errors.some((error) => error.code === 'SERVICE_UNAVAILABLE') ? { headers: new Headers({ 'Retry-After': String(RETRY_AFTER_SECONDS) }) } : {},
  });
}

export { handler as GET, handler as POST };

/** A caller-supplied request id, if it is a plain token (it ends up in logs). */
function requestIdFrom(req: Request): string | undefined {
  const value = req.headers.get('x-request-id');
  return value && /^[\w-]{1,64}$/.test(value) ? value : undefined;
}

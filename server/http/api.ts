// The JSON API (/api/trpc) as one fetch-style handler: authentication (API token
// or session cookie), CSRF refusal, 503 on a database outage, and the response
// headers that matter for JSON. `npm start` serves it straight from node:http
// (server/http/main.ts); `npm run dev` mounts it as a Next.js route handler.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { db } from '@/db';
import type { Actor } from '@/server/actor';
import { actorForSessionToken, sessionCookieName } from '@/server/auth/sessions';
import { getConfig } from '@/server/config';
import { DATABASE_UNAVAILABLE_MESSAGE, GENERIC_ERROR_MESSAGE, isDatabaseUnavailable } from '@/server/errors';
import { ShareBusyError, withCredentialShare } from '@/server/fair-share';
import { requestClientAddress } from '@/server/http/client-address';
import { errorFields, log } from '@/server/log';
import { authenticateApiToken } from '@/server/tokens/authenticate-api-token';
import { containsApiToken } from '@/server/tokens/api-token';
import { createContext } from '@/server/trpc/init';
import { MAX_BATCH_CALLS } from '@/lib/limits';
import { appRouter } from '@/server/trpc/root';

export const API_PATH = '/api/trpc';
const RETRY_AFTER_SECONDS = 5;

/** On every API response: JSON runs no scripts, is never framed, cached or sent on as a referrer. */
const API_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

type Authenticated = { actor: Actor | null } | { refuse: Response };

/** An answer refusing the request, in the shape of tRPC's own errors. */
const refusal = (status: number, code: string, message: string) =>
  Response.json({ error: { message, code: -32001, data: { code, httpStatus: status } } }, { status });

/** A refusal made before the request reaches the handler (method, parse failure), with the API's headers. */
export const apiRefusal = (status: number, code: string, message: string, headers: Record<string, string> = {}): Response =>
  withApiHeaders(refusal(status, code, message), headers);

function withApiHeaders(response: Response, extra: Record<string, string> = {}): Response {
  for (const [name, value] of Object.entries({ ...API_HEADERS, ...extra })) response.headers.set(name, value);
  return response;
}

/**
 * One context for both kinds of caller: `Authorization: Bearer <token>` (scripts;
 * no CSRF exposure, since browsers never attach it on their own) or the session
 * cookie (the web app; cross-origin mutations refused).
 */
async function authenticate(req: Request, url: URL): Promise<Authenticated> {
  if (containsApiToken(url.search)) {
    return { refuse: refusal(400, 'BAD_REQUEST', 'API tokens go in the Authorization header ("Bearer <token>"), never in the URL.') };
  }
  const authorization = req.headers.get('authorization');
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    const token = match?.[1];
    const actor = token ? await withCredentialShare(token, requestClientAddress(req.headers), () => authenticateApiToken(db, token)) : null;
    return actor
      ? { actor }
      : { refuse: refusal(401, 'UNAUTHORIZED', 'This API token is not valid: it may be mistyped, revoked, or belong to a removed member.') };
  }
  if (req.method !== 'GET' && !sameOrigin(req)) {
    return { refuse: refusal(403, 'FORBIDDEN', 'Cross-origin requests with a session cookie are refused. Scripts should use an API token.') };
  }
  const sessionToken = cookieValue(req.headers.get('cookie'), sessionCookieName());
  return { actor: sessionToken ? await withCredentialShare(sessionToken, requestClientAddress(req.headers), () => actorForSessionToken(db, sessionToken)) : null };
}

/** Browsers send Origin (and Sec-Fetch-Site) on POSTs; a request from another site is refused. */
function sameOrigin(req: Request): boolean {
  if (req.headers.get('sec-fetch-site') === 'cross-site') return false;
  const origin = req.headers.get('origin');
  return origin === null || origin === getConfig().appUrl;
}

/**
 * One cookie's value from a Cookie header. With two of the same name, the last one, as
 * Next.js's `cookies()` reads it for pages: a page and an API call act as the same person.
 */
function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  let found: string | undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator !== -1 && pair.slice(0, separator).trim() === name) found = pair.slice(separator + 1).trim();
  }
  if (found === undefined) return undefined;
  try {
    return decodeURIComponent(found);
  } catch {
    return found;
  }
}

/** How many calls a batch request names (tRPC joins their paths with commas); 1 for a single call. */
function batchSize(url: URL): number {
  if (url.searchParams.get('batch') !== '1') return 1;
  // Counted as tRPC will read it: after decoding, so "a%2Cb" is two calls.
  let paths = url.pathname.slice(API_PATH.length + 1);
  try {
    paths = decodeURIComponent(paths);
  } catch {}
  return paths.split(',').length;
}

async function respond(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const calls = batchSize(url);
  if (calls > MAX_BATCH_CALLS) {
    return refusal(400, 'BAD_REQUEST', `A batch may hold at most ${MAX_BATCH_CALLS} calls; this one has ${calls}. Send them in smaller batches.`);
  }
  let authenticated: Authenticated;
  try {
    authenticated = await authenticate(req, url);
  } catch (error) {
    if (error instanceof ShareBusyError) {
      const response = refusal(429, 'TOO_MANY_REQUESTS', error.userMessage);
      response.headers.set('Retry-After', String(error.retryAfterSeconds));
      return response;
    }
    if (!isDatabaseUnavailable(error)) throw error;
    log.warn('database unavailable', { path: url.pathname, ...errorFields(error) });
    const response = refusal(503, 'SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
    response.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
    return response;
  }
  if ('refuse' in authenticated) return authenticated.refuse;
  return fetchRequestHandler({
    endpoint: API_PATH,
    req,
    router: appRouter,
    maxBatchSize: MAX_BATCH_CALLS,
    createContext: () => createContext({ db, actor: authenticated.actor, requestId: requestIdFrom(req) }),
    // A database outage and a full share are brief: tell clients when to retry.
    responseMeta: ({ errors }) => {
      if (errors.some((error) => error.code === 'SERVICE_UNAVAILABLE')) return { headers: new Headers({ 'Retry-After': String(RETRY_AFTER_SECONDS) }) };
      if (errors.some((error) => error.cause instanceof ShareBusyError)) return { headers: new Headers({ 'Retry-After': '1' }) };
      return {};
    },
  });
}

/** Answers one API request; never throws (an unexpected failure is logged and answered with a plain 500). */
export async function handleApiRequest(req: Request): Promise<Response> {
  let response: Response;
  try {
    response = await respond(req);
  } catch (error) {
    log.error('api request failed', { path: new URL(req.url).pathname, ...errorFields(error) });
    response = refusal(500, 'INTERNAL_SERVER_ERROR', GENERIC_ERROR_MESSAGE);
  }
  return withApiHeaders(response);
}

/** A caller-supplied request id, if it is a plain token (it ends up in logs). */
function requestIdFrom(req: Request): string | undefined {
  const value = req.headers.get('x-request-id');
  return value && /^[\w-]{1,64}$/.test(value) ? value : undefined;
}

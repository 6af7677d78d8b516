import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { db } from '@/db';
import { getActor } from '@/server/auth';
import { createContext } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/root';

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => createContext({ db, actor: await getActor(), requestId: requestIdFrom(req) }),
  });
}

export { handler as GET, handler as POST };

/** A caller-supplied request id, if it is a plain token (it ends up in logs). */
function requestIdFrom(req: Request): string | undefined {
  const value = req.headers.get('x-request-id');
  return value && /^[\w-]{1,64}$/.test(value) ? value : undefined;
}

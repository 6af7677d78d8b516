import 'server-only';
import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { cache, type ReactNode } from 'react';
import { db } from '@/db';
import { getActor } from '@/server/auth';
import { createContext } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/root';
import { makeQueryClient } from './query-client';

// One query client per request; server components prefetch into it and the
// client components pick the data up from the dehydrated state.
export const getQueryClient = cache(makeQueryClient);

export const trpc = createTRPCOptionsProxy({
  router: appRouter,
  queryClient: getQueryClient,
  ctx: async () => createContext({ db, actor: await getActor() }),
});

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

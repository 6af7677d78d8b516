import 'server-only';
import { type DataTag, dehydrate, HydrationBoundary, type InfiniteData, type QueryKey } from '@tanstack/react-query';
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

/**
 * Hands a list's first page, read on the server, to the client's infinite query
 * under its tRPC key: what `prefetchInfiniteQuery` through tRPC's server caller
 * stores (the first page's cursor is absent), without the caller's cost.
 */
export function seedFirstPage<TPage>(queryKey: DataTag<QueryKey, InfiniteData<TPage, unknown>, unknown>, firstPage: TPage): void {
  getQueryClient().setQueryData(queryKey, { pages: [firstPage], pageParams: [undefined] });
}

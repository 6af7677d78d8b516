import 'server-only';
import { type DataTag, dehydrate, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { cache, type ReactNode } from 'react';
import { db } from '@/db';
import { getActor } from '@/server/auth';
import { createContext } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/root';
import { HydrateFromJson } from './hydrate';
import { makeQueryClient } from './query-client';

// One query client per request; server components prefetch or seed into it and the
// client components pick the data up from the dehydrated state.
export const getQueryClient = cache(makeQueryClient);

export const trpc = createTRPCOptionsProxy({
  router: appRouter,
  queryClient: getQueryClient,
  ctx: async () => createContext({ db, actor: await getActor() }),
});

/** Hands the queries prefetched or seeded during this request to the client components below. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrateFromJson state={JSON.stringify(dehydrate(getQueryClient()))}>{children}</HydrateFromJson>;
}

/**
 * Hands a list's first page, read on the server, to the client's infinite query
 * under its tRPC key, as `prefetchInfiniteQuery` through tRPC's server caller
 * would, without the caller's cost. The first page's cursor is null (the list
 * procedures take a null cursor as "from the start").
 */
export function seedFirstPage<TPage>(queryKey: DataTag<QueryKey, InfiniteData<TPage, string | null>, unknown>, firstPage: TPage): void {
  getQueryClient().setQueryData(queryKey, { pages: [firstPage], pageParams: [null] });
}

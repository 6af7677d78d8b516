import 'server-only';
import { type DataTag, dehydrate, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { createTRPCClient } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { cache, type ReactNode } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { HydrateFromJson } from './hydrate';
import { makeQueryClient } from './query-client';

// One query client per request; pages seed it and the client components pick the
// data up from the dehydrated state.
export const getQueryClient = cache(makeQueryClient);

/**
 * The client queries' keys, for seedQuery. Keys only: pages read through the services
 * (README, "How does a page load data?"), so this proxy has no link to run a procedure on.
 */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: createTRPCClient<AppRouter>({ links: [] }), queryClient: getQueryClient });

/** Hands the queries seeded during this request to the client components below. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrateFromJson state={JSON.stringify(dehydrate(getQueryClient()))}>{children}</HydrateFromJson>;
}

/**
 * Hands what a page read through a service to the client's query under the tRPC key
 * the client component asks for; the key's type checks the data is what the procedure returns.
 */
export function seedQuery<TData>(queryKey: DataTag<QueryKey, TData, unknown>, data: NoInfer<TData>): void {
  getQueryClient().setQueryData(queryKey, data);
}

/** A list's first page as its infinite query's data (the list procedures take a null cursor as "from the start"). */
export function firstPage<TPage>(page: TPage): InfiniteData<TPage, string | null> {
  return { pages: [page], pageParams: [null] };
}

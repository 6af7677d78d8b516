import { QueryClient } from '@tanstack/react-query';

export function makeQueryClient() {
  return new QueryClient({
    // Only finished queries are handed from the server to the browser (HydrateClient
    // sends them as JSON, which cannot carry a pending promise); a query the server
    // did not finish is fetched by the browser.
    defaultOptions: { queries: { staleTime: 30 * 1000, retry: typeof window === 'undefined' ? false : 3 } },
  });
}

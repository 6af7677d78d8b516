'use client';

import { type DehydratedState, HydrationBoundary } from '@tanstack/react-query';
import { type ReactNode, useMemo } from 'react';

/**
 * The server's query results, handed over as one JSON string. React's own
 * serialization would walk every field of every row, on the server and again in
 * the server render and the browser; JSON.stringify/parse does it natively. The
 * data is JSON already: it is what the tRPC API answers, with no transformer.
 */
export function HydrateFromJson({ state, children }: { state: string; children: ReactNode }) {
  const dehydrated = useMemo(() => JSON.parse(state) as DehydratedState, [state]);
  return <HydrationBoundary state={dehydrated}>{children}</HydrationBoundary>;
}

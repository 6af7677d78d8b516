import 'server-only';
import { cacheSignal } from 'react';

/**
 * Lets this server render's memory go once the response is out. Called by the root
 * layout and by every organization page (through `loadMembership`), so full page loads
 * and client-side navigations both do it. (The response of a server action that renders
 * no page is not covered; those are few and short.)
 *
 * React ends each render by aborting its cacheSignal with an Error, and until that
 * Error's `stack` is read V8 keeps its call frames' receivers, which chain overlapping
 * renders together and keep them all alive; reading it turns the frames into text (the
 * chain, and what it cost: docs/decisions/025-every-render-releases-its-memory.md).
 */
export function releaseRenderWhenDone(): void {
  const signal = cacheSignal();
  signal?.addEventListener('abort', () => void (signal.reason as { stack?: unknown } | undefined)?.stack, { once: true });
}

import 'server-only';
import { cacheSignal } from 'react';

/**
 * Lets this server render's memory go once the response is out. Called by the root
 * layout and by every organization page (through `loadMembership`), so full page loads
 * and client-side navigations both do it. (The response of a server action that renders
 * no page is not covered; those are few and short.)
 *
 * When React finishes a render it aborts the render's cacheSignal with an Error. V8
 * keeps an Error's call frames, with their receivers, until its `stack` is read, and
 * one receiver is the Node.js Immediate that ran the render's last flush. Node 20
 * leaves a processed Immediate linked to the others of its batch, and each of those
 * carries the AsyncLocalStorage stores of the request that scheduled it. So every
 * render that overlapped another kept it alive, and once one render was held (Next.js
 * holds the first, in the promise of a module that loaded during it) the server kept
 * them all: 2,248 responses and 130-220 MB of heap after 30 s of Members pages, with
 * GC taking more of every request (README, "Decisions"). Reading `stack` turns the frames into
 * text, which ends the chain at every render.
 */
export function releaseRenderWhenDone(): void {
  const signal = cacheSignal();
  signal?.addEventListener('abort', () => void (signal.reason as { stack?: unknown } | undefined)?.stack, { once: true });
}

// How every process of the app stops (npm start, npm run worker, next dev): one place
// for the order, the grace period and the exit codes.
import { setTimeout as sleep } from 'node:timers/promises';
import { errorFields, log } from '@/server/log';

/** Requests and the email in flight get this long to finish after a signal. */
export const SHUTDOWN_GRACE_MS = 10_000;

const EXIT_CODES = { SIGTERM: 143, SIGINT: 130 } as const;

export type ShutdownOptions = {
  /** Runs first, at once (npm start's /readyz turns 503). */
  announce?: () => void;
  /** How long to keep serving after announcing, for a balancer to stop sending. */
  delayMs?: number;
};

/**
 * On SIGTERM/SIGINT: announce, wait `delayMs`, then `drain` (stop accepting work, let the
 * work in flight finish) for at most SHUTDOWN_GRACE_MS. Then the listeners that were there
 * before run (under `next dev`, Next.js's own, which exits), or the process exits 143
 * (SIGTERM) or 130 (SIGINT). A send cut short is retried: delivery is at-least-once.
 */
export function shutDownOnSignal(drain: () => Promise<void>, options: ShutdownOptions = {}): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const earlier = process.listeners(signal);
    process.removeAllListeners(signal);
    process.once(signal, async () => {
      options.announce?.();
      log.info('shutting down', { signal, delayMs: options.delayMs ?? 0 });
      if (options.delayMs) await sleep(options.delayMs);
      const drained = drain().catch((error: unknown) => log.error('shutdown failed', errorFields(error)));
      await Promise.race([drained, sleep(SHUTDOWN_GRACE_MS, undefined, { ref: false })]);
      if (earlier.length === 0) process.exit(EXIT_CODES[signal]);
      for (const listener of earlier) (listener as (signal: NodeJS.Signals) => void)(signal);
    });
  }
}

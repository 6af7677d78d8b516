import { afterAll, beforeAll } from 'vitest';
import { type EmailWorker, startEmailWorker } from '@/server/queue/worker';

/** Runs the real email worker (graphile-worker) for this test file. */
export function useEmailWorker(): void {
  let worker: EmailWorker | undefined;
  beforeAll(async () => {
    worker = await startEmailWorker({ concurrency: 4, pollInterval: 200 });
  });
  afterAll(() => worker?.stop());
}

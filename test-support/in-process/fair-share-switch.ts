import { afterAll, beforeAll } from 'vitest';

/**
 * For the describe block it is called in: one person's (and organization's) requests are
 * not held back by their fair share of the pool, so a rule's race runs at full pool
 * concurrency. The fair share itself is tested in tests/fair-share.test.ts.
 */
export function withoutFairShare(): void {
  const names = ['POOL_SHARE_PER_PERSON', 'POOL_SHARE_PER_ORGANIZATION'] as const;
  const saved = names.map((name) => process.env[name]);
  beforeAll(() => {
    for (const name of names) process.env[name] = '100000';
  });
  afterAll(() => {
    names.forEach((name, i) => (saved[i] === undefined ? delete process.env[name] : (process.env[name] = saved[i])));
  });
}

import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: { '@': root, 'server-only': path.join(root, 'test-support/server-only-stub.ts') },
  },
  test: {
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts its own app server; two at a time suit a 2-core machine.
    maxWorkers: 2,
  },
});

// Once per e2e run: a browser check, a real PostgreSQL, and a production build.
import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from '../tests/support/postgres';
import '../tests/support/provided';
import { assertChromiumInstalled } from './support/chromium';
import { E2E_DIST_DIR } from './support/spawn';

export default async function setup(project: TestProject) {
  assertChromiumInstalled();
  const build = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    env: { ...process.env, NEXT_DIST_DIR: E2E_DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
  const postgres = await startTestPostgres();
  project.provide('pgAdminUrl', postgres.adminUrl);
  project.provide('pgTemplate', postgres.template);
  return () => postgres.stop();
}

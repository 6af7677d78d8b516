// Once per e2e run: a browser check, a real PostgreSQL, and a production build.
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from '../tests/support/postgres';
import '../tests/support/provided';
import { assertChromiumInstalled } from './support/chromium';
import { E2E_DIST_DIR, buildApp } from './support/spawn';

export default async function setup(project: TestProject) {
  assertChromiumInstalled();
  buildApp(E2E_DIST_DIR);
  const postgres = await startTestPostgres();
  project.provide('pgAdminUrl', postgres.adminUrl);
  project.provide('pgTemplate', postgres.template);
  return () => postgres.stop();
}

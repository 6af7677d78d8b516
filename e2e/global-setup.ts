// Once per e2e run: a browser check, a real PostgreSQL, and a production build.
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from '@/test-support/database/test-postgres';
import '@/test-support/database/provided-context';
import { checkChromium } from '@/test-support/browser/chromium';
import { E2E_DIST_DIR, buildApp } from '@/test-support/app/build-and-spawn';

export default async function setup(project: TestProject) {
  // Found (the npm Chromium unpacked, if that is the one) once here, not in every test file.
  const browser = await checkChromium();
  project.provide('chromiumPath', browser.path);
  buildApp(E2E_DIST_DIR);
  const postgres = await startTestPostgres();
  project.provide('pgAdminUrl', postgres.adminUrl);
  project.provide('pgTemplate', postgres.template);
  return () => postgres.stop();
}

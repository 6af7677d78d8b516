import type { TestProject } from 'vitest/node';
import { startTestPostgres } from '@/test-support/database/test-postgres';
import '@/test-support/database/provided-context';

export default async function setup(project: TestProject) {
  const postgres = await startTestPostgres();
  project.provide('pgAdminUrl', postgres.adminUrl);
  project.provide('pgTemplate', postgres.template);
  return () => postgres.stop();
}

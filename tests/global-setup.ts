import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './support/postgres';
import './support/provided';

export default async function setup(project: TestProject) {
  const postgres = await startTestPostgres();
  project.provide('pgAdminUrl', postgres.adminUrl);
  project.provide('pgTemplate', postgres.template);
  return () => postgres.stop();
}

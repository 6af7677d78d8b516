// `npm run worker`: delivers email in a process of its own, for deployments that
// run several app instances with EMAIL_WORKER=off (or simply more workers).
import { db } from '@/db';
import { migrateQueue, migrateToLatest } from '@/db/migrate';
import { resolveWorkerDatabaseUrl, stopEmbeddedPostgres } from '@/db/connection';
import { getConfig } from '@/server/config';
import { startEmailWorker } from '@/server/queue/worker';
import { drainBeforeExit } from '@/server/startup';

getConfig(); // refuses to start on a bad configuration, naming the variable
await migrateToLatest(db);
await migrateQueue(await resolveWorkerDatabaseUrl());
const worker = await startEmailWorker();
drainBeforeExit(async () => {
  await worker.stop();
  await db.destroy();
  await stopEmbeddedPostgres();
});

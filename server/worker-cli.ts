// `npm run worker`: delivers email in a process of its own, for deployments that
// run several app instances with EMAIL_WORKER=off (or simply more workers).
import http from 'node:http';
import { db } from '@/db';
import { migrateConfiguredDatabase } from '@/db/migrate';
import { stopEmbeddedPostgres } from '@/db/connection';
import { configOrExit } from '@/server/config';
import { metricsResponse } from '@/server/metrics';
import { startEmailWorker } from '@/server/queue/worker';
import { shutDownOnSignal } from '@/server/shutdown';

const config = configOrExit('The email worker');
await migrateConfiguredDatabase();
const worker = await startEmailWorker();
const metricsServer = await serveWorkerMetrics();
shutDownOnSignal(async () => {
  metricsServer?.close();
  await worker.stop();
  await db.destroy();
  await stopEmbeddedPostgres();
});

/** With METRICS_TOKEN set, the worker's /metrics on METRICS_PORT (default 9464), as the app's. */
async function serveWorkerMetrics(): Promise<http.Server | null> {
  const { metricsToken: token, metricsPort: port } = config;
  if (!token) return null;
  const server = http.createServer((req, res) => {
    if (req.url?.split('?')[0] !== '/metrics') return void res.writeHead(404).end();
    void metricsResponse(req.headers.authorization, token).then(({ status, type, body }) => res.writeHead(status, { 'Content-Type': type }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return server;
}

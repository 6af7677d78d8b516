// `npm start`: one node:http server for the built app. The JSON API is answered
// here directly; every other request goes to Next.js (pages, server actions,
// Auth.js, static files). Next's route handlers cost about 1.7 ms of CPU per
// request on top of the API's own work, which capped the API well below the
// performance targets (README, "Decisions"). `npm run build` bundles this file
// into the build directory; `npm run dev` does not use it.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { incomingMessageToRequest } from '@trpc/server/adapters/node-http';
import { GENERIC_ERROR_MESSAGE } from '@/server/errors';
import { errorFields, log } from '@/server/log';
import { reportStartupFailure, startServer } from '@/server/startup';
import { MAX_REQUEST_BODY_BYTES } from '@/server/trpc/init';
import { API_PATH, handleApiRequest } from './api';

const SHUTDOWN_GRACE_MS = 10_000;

// As under `next start`: production unless said otherwise.
(process.env as Record<string, string | undefined>).NODE_ENV ??= 'production';
const { port, hostname } = listenAddress(process.argv.slice(2));
// Server-side code that calls the app over HTTP reads the port from here, as under `next start`.
process.env.PORT = String(port);

const { default: next } = await import('next');
const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? 'localhost', port });

// Registered before the start-up, so the email worker's drain (server/startup.ts) runs first.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutDown(signal));

// The port is taken first (a port in use stops the process before anything starts). Requests
// wait for the migrations, the email worker and Next.js's routes: Next.js would run
// instrumentation.ts only on its first request, and that call then finds the work done.
const ready = Promise.all([startServer().catch(reportStartupFailure), app.prepare()]).then(() => app.getRequestHandler());
const server = http.createServer((req, res) => {
  void ready.then((handleWithNext) => (isApiPath(req.url) ? serveApi(req, res) : handleWithNext(req, res)));
});
server.once('error', (error: NodeJS.ErrnoException) => {
  const where = `${hostname ?? 'all interfaces'}, port ${port}`;
  console.error(`\nMembers cannot start: ${error.code === 'EADDRINUSE' ? `something else is already listening on ${where}` : `cannot listen on ${where} (${error.message})`}.\n`);
  process.exit(1);
});
server.listen(port, hostname, () => void ready.then(() => log.info('listening', { port, hostname: hostname ?? 'all interfaces' })));

function isApiPath(url: string | undefined): boolean {
  if (!url?.startsWith(API_PATH)) return false;
  const after = url.charAt(API_PATH.length);
  return after === '' || after === '/' || after === '?';
}

async function serveApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.writeHead(405, { Allow: 'GET, POST', 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `${req.method} is not supported here: use GET for queries and POST for mutations.` } }));
      return;
    }
    const response = await handleApiRequest(incomingMessageToRequest(req, res, { maxBodySize: MAX_REQUEST_BODY_BYTES }));
    res.statusCode = response.status;
    response.headers.forEach((value, name) => res.setHeader(name, value));
    // tRPC's batch responses are whole JSON documents: one write with a Content-Length.
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    log.error('api response failed', { path: req.url?.split('?')[0], ...errorFields(error) });
    if (!res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { message: GENERIC_ERROR_MESSAGE } }));
    } else {
      res.destroy();
    }
  }
}

async function shutDown(signal: 'SIGTERM' | 'SIGINT'): Promise<void> {
  const deadline = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
  // Stop accepting connections and let the requests in flight finish.
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.close().catch((error: unknown) => log.error('shutdown failed', errorFields(error)));
  clearTimeout(deadline);
  process.exit(signal === 'SIGTERM' ? 143 : 130);
}

/**
 * `-p/--port` and `-H/--hostname` as `next start` takes them; else PORT, else 3000, on all
 * interfaces. (No HOSTNAME variable: container runtimes set it to the machine's name.)
 */
function listenAddress(args: string[]): { port: number; hostname: string | undefined } {
  const option = (short: string, long: string) => {
    const index = args.findIndex((arg) => arg === short || arg === long);
    return index === -1 ? undefined : args[index + 1];
  };
  const port = Number(option('-p', '--port') ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`\nMembers cannot start: the port must be a whole number from 0 to 65535 (got "${option('-p', '--port') ?? process.env.PORT}").\n`);
    process.exit(1);
  }
  return { port, hostname: option('-H', '--hostname') };
}

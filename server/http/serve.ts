// `npm start`: one node:http server for the built app. The JSON API is answered
// here directly; every other request goes to Next.js (pages, server actions,
// Auth.js, static files) through the request handler `next start` also uses. Next's
// route handlers cost more per request than the API's own work (decision 023).
// `npm run dev` does not use this: there the API is a route handler.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { incomingMessageToRequest } from '@trpc/server/adapters/node-http';
import { configOrExit } from '@/server/config';
import { httpDuration, httpRequests, metricsResponse, routeGroup } from '@/server/metrics';
import { GENERIC_ERROR_MESSAGE } from '@/server/errors';
import { errorFields, log } from '@/server/log';
import { shutDownOnSignal } from '@/server/shutdown';
import { prepareToServe, reportStartupFailure } from '@/server/startup';
import { MAX_REQUEST_BODY_BYTES } from '@/server/trpc/init';
import { API_PATH, apiRefusal, handleApiRequest } from './api';
import { addressKey, clientAddress } from './client-address';
import { answerHealth, healthPath, type Phase } from './health';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** API answers at least this large are gzipped for clients that accept it (a page of 25 members is ~5 KB). */
const COMPRESS_FROM_BYTES = 1024;
/** How often Node looks for requests past their timeout (its default, 30 s, would double a 30 s limit). */
const CHECK_INTERVAL_MS = 1_000;
const gzipAsync = promisify(gzip);

const args = listenArguments(process.argv.slice(2));
// `-p` counts as PORT, so the default APP_URL follows it as under `next start`.
const config = configOrExit('Members', args.port === undefined ? {} : { PORT: args.port });
const { port, httpLimits: limits, trustedProxies: proxies, metricsToken: metrics } = config;
const hostname = args.hostname;
const where = `${hostname ?? 'all interfaces'}, port ${port}`;

const { default: next } = await import('next');
const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? 'localhost', port });

// Requests wait until the start-up is done (see below).
let markReady: (handler: Handler) => void = () => {};
const ready = new Promise<Handler>((resolve) => (markReady = resolve));
let phase: Phase = 'starting';
const server = http.createServer({ requestTimeout: limits.requestTimeoutMs, headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: CHECK_INTERVAL_MS }, (req, res) => {
  // Answered at once, also while starting and stopping: that is what they report.
  const health = healthPath(req.url);
  if (health) {
    void answerHealth(health, phase, res).catch((error: unknown) => failed(req, res, error));
    return;
  }
  if (req.url?.split('?')[0] === '/metrics') {
    void serveMetrics(req, res).catch((error: unknown) => failed(req, res, error));
    return;
  }
  timeRequest(req, res);
  // What pages and actions take as the client's address (rate limits): never what a client claims.
  req.headers['x-forwarded-for'] = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], proxies) ?? '';
  void ready
    .then((handleWithNext) => (isApiPath(req.url) ? serveApi(req, res) : handleWithNext(req, res)))
    .catch((error: unknown) => failed(req, res, error));
});

server.keepAliveTimeout = limits.keepAliveTimeoutMs;
server.timeout = limits.idleTimeoutMs;
// Connections beyond the cap are closed as they arrive, before a byte is read.
server.maxConnections = limits.maxConnections;
capConnectionsPerAddress(server, limits.maxConnectionsPerAddress, proxies);

// The port first: a port in use stops the process before anything has started.
await new Promise<void>((resolve) => {
  server.once('error', (error: NodeJS.ErrnoException) => {
    console.error(`\nMembers cannot start: ${error.code === 'EADDRINUSE' ? `something else is already listening on ${where}` : `cannot listen on ${where} (${error.message})`}.\n`);
    process.exit(1);
  });
  server.listen(port, hostname, resolve);
});

let stopEmailWorker = async () => {};
// /readyz turns 503 at once, requests are still served for SHUTDOWN_DELAY_MS (for the balancer
// to notice), then the server stops accepting connections while the requests in flight and
// the email being sent finish.
shutDownOnSignal(
  async () => {
    await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())).then(() => app.close()), stopEmailWorker()]);
  },
  { announce: () => (phase = 'stopping'), delayMs: limits.shutdownDelayMs },
);

// Migrations and the email worker, while Next.js loads its routes. (Next.js runs
// instrumentation.ts later, on its own; that call finds the work done.)
try {
  const [started] = await Promise.all([prepareToServe({ drainOnSignal: false }), app.prepare()]);
  stopEmailWorker = started.stopEmailWorker;
} catch (error) {
  reportStartupFailure(error);
}
markReady(app.getRequestHandler());
if (phase === 'starting') phase = 'ready';
log.info('listening', { port, hostname: hostname ?? 'all interfaces' });

function isApiPath(url: string | undefined): boolean {
  if (!url?.startsWith(API_PATH)) return false;
  const after = url.charAt(API_PATH.length);
  return after === '' || after === '/' || after === '?';
}

async function serveApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'OPTIONS') {
    // As Next.js answers OPTIONS for a route handler; no cross-origin use is offered.
    res.writeHead(204, { Allow: 'GET, HEAD, POST, OPTIONS' }).end();
    return;
  }
  const response =
    req.method === 'GET' || req.method === 'HEAD' || req.method === 'POST'
      ? await handleApiRequest(incomingMessageToRequest(req, res, { maxBodySize: MAX_REQUEST_BODY_BYTES }))
      : apiRefusal(405, 'METHOD_NOT_SUPPORTED', `${req.method} is not supported here: use GET for queries and POST for mutations.`, {
          Allow: 'GET, HEAD, POST, OPTIONS',
        });
  await sendApiResponse(req, res, response);
}

/** Writes an API answer: gzipped when large and accepted, in one write with a Content-Length. */
async function sendApiResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  let body = Buffer.from(await response.arrayBuffer());
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (body.length >= COMPRESS_FROM_BYTES && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    body = await gzipAsync(body);
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.setHeader('Vary', [res.getHeader('vary'), 'Accept-Encoding'].filter(Boolean).join(', '));
  // tRPC's batch responses are whole JSON documents: one write, with a Content-Length.
  res.writeHead(response.status).end(body);
}

/** Whatever escaped a handler: a request that cannot be parsed (400), else a logged 500. */
async function failed(req: IncomingMessage, res: ServerResponse, error: unknown): Promise<void> {
  const status = error instanceof TRPCError ? getHTTPStatusCodeFromError(error) : 500;
  if (status >= 500) log.error('request failed', { path: req.url?.split('?')[0], ...errorFields(error) });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (!isApiPath(req.url)) {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(status >= 500 ? GENERIC_ERROR_MESSAGE : 'This request could not be read.');
    return;
  }
  await sendApiResponse(req, res, status >= 500 ? apiRefusal(500, 'INTERNAL_SERVER_ERROR', GENERIC_ERROR_MESSAGE) : apiRefusal(status, 'BAD_REQUEST', 'This request could not be read.'));
}

/** Counts and times every answer by route group and status (health probes and /metrics aside). */
function timeRequest(req: IncomingMessage, res: ServerResponse): void {
  const group = routeGroup(req.url);
  const end = httpDuration.startTimer({ group });
  res.once('finish', () => {
    const status = String(res.statusCode);
    end({ status });
    httpRequests.inc({ group, status });
  });
}

async function serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { status, type, body } = await metricsResponse(req.headers.authorization, metrics);
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
}

/**
 * One client address (an IPv6 /64) may hold only so many of the connections, so it
 * cannot take the whole cap for itself; trusted proxies carry everyone's and are exempt.
 */
function capConnectionsPerAddress(target: http.Server, cap: number, trusted: readonly string[]): void {
  const open = new Map<string, number>();
  target.on('connection', (socket) => {
    const address = clientAddress(socket.remoteAddress, undefined, []);
    if (!address || trusted.includes(address)) return;
    const key = addressKey(address);
    const count = (open.get(key) ?? 0) + 1;
    if (count > cap) {
      socket.destroy();
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left === 0) open.delete(key);
      else open.set(key, left);
    });
  });
}

/**
 * `-p/--port` and `-H/--hostname` as `next start` takes them (the port is checked with the
 * configuration). No HOSTNAME variable: container runtimes set it to the machine's name.
 */
function listenArguments(args: string[]): { port: string | undefined; hostname: string | undefined } {
  const option = (short: string, long: string) => {
    const index = args.findIndex((arg) => arg === short || arg === long);
    return index === -1 ? undefined : args[index + 1];
  };
  return { port: option('-p', '--port'), hostname: option('-H', '--hostname') };
}

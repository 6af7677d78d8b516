// A small HTTP load balancer for the deployment test, behaving as the common ones do:
// round-robin over the backends whose /readyz answers 200 (probed every 100 ms), each
// request on a fresh backend connection, and a request whose backend refused the
// connection (it stopped listening) is tried on the next one.
import http from 'node:http';

export type Balancer = { url: string; port: number; close(): Promise<void> };

const PROBE_MS = 100;

export async function startBalancer(port: number, backends: () => number[]): Promise<Balancer> {
  const ready = new Set<number>();
  const probe = setInterval(() => {
    for (const backend of backends()) {
      const request = http.get({ host: '127.0.0.1', port: backend, path: '/readyz', agent: false, timeout: 1_000 }, (response) => {
        response.resume();
        if (response.statusCode === 200) ready.add(backend);
        else ready.delete(backend);
      });
      request.on('error', () => ready.delete(backend));
      request.on('timeout', () => request.destroy());
    }
  }, PROBE_MS);
  let next = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (triesLeft: number) => {
        const candidates = [...ready];
        if (candidates.length === 0 || triesLeft === 0) {
          res.writeHead(502).end('no backend');
          return;
        }
        const backend = candidates[next++ % candidates.length]!;
        const upstream = http.request(
          { host: '127.0.0.1', port: backend, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': '127.0.0.1' }, agent: false },
          (response) => {
            res.writeHead(response.statusCode ?? 502, response.headers);
            response.pipe(res);
          },
        );
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          ready.delete(backend);
          // Only a refused connection is safe to retry: anything later may have been worked on.
          if (error.code === 'ECONNREFUSED' && !res.headersSent) return attempt(triesLeft - 1);
          if (res.headersSent) res.destroy();
          else res.writeHead(502).end('backend failed');
        });
        upstream.end(body);
      };
      attempt(6);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${port}`,
    port,
    close: () => {
      clearInterval(probe);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Clients' keep-alive connections would hold close() open.
      server.closeAllConnections();
      return closed;
    },
  };
}

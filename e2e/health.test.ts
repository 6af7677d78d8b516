// /healthz and /readyz as a load balancer uses them, and the drain on SIGTERM: readiness
// turns 503 first while requests are still served, so the balancer stops sending in time.
import { describe, expect, it } from 'vitest';
import { findFreePort } from '@/db/free-port';
import { newTestDatabase } from '@/test-support/app/start-app';
import { spawnApp } from '@/test-support/app/build-and-spawn';

const SHUTDOWN_DELAY_MS = 1_500;

describe('health and readiness', () => {
  it('says alive and ready, then not ready at once on SIGTERM while still serving, then exits 143', async () => {
    const port = await findFreePort();
    const url = `http://localhost:${port}`;
    const app = spawnApp(
      {
        DATABASE_URL: await newTestDatabase('health'),
        SMTP_URL: 'smtp://localhost:1',
        APP_URL: url,
        AUTH_SECRET: 'e2e-secret-not-for-production-0123456789',
        SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS),
      },
      port,
    );
    let exitCode: number | null | undefined;
    void app.exited.then((code) => (exitCode = code));
    try {
      const get = (path: string) => fetch(`${url}${path}`).then(async (r) => ({ status: r.status, body: (await r.json().catch(() => null)) as { status?: string; reason?: string } | null }));
      const deadline = Date.now() + 60_000;
      let ready = await get('/readyz').catch(() => null);
      while (ready?.status !== 200) {
        // While it starts, it is alive but not ready (once it listens).
        if (ready) expect(ready).toEqual({ status: 503, body: { status: 'not ready', reason: 'starting: migrations and start-up are not done yet' } });
        if (Date.now() > deadline) throw new Error(`never ready:\n${app.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        ready = await get('/readyz').catch(() => null);
      }
      expect(ready.body).toEqual({ status: 'ready' });
      expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'alive' } });
      expect((await fetch(`${url}/healthz?probe=1`, { method: 'HEAD' })).status).toBe(200);
      // No METRICS_TOKEN here: there is no /metrics at all.
      expect((await fetch(`${url}/metrics`)).status).toBe(404);

      const signalled = Date.now();
      app.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await get('/readyz')).toEqual({ status: 503, body: { status: 'not ready', reason: 'shutting down: finishing the requests in flight' } });
      // Still served during the delay: the balancer has not noticed yet.
      expect((await fetch(`${url}/sign-in`)).status).toBe(200);
      expect(exitCode).toBeUndefined();
      expect(await app.exited).toBe(143);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(SHUTDOWN_DELAY_MS);
      // Probes are not logged at info level: a balancer calls them every second.
      expect(app.output()).not.toMatch(/healthz|readyz/);
    } finally {
      app.child.kill('SIGKILL');
    }
  });
});

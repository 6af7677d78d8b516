// What one client can hold of `npm start`'s server: a request's lifetime and the
// number of connections (raw sockets, as a slow or greedy client would use them).
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@/db/free-port';
import { newTestDatabase } from '@/test-support/app/start-app';
import { spawnApp } from '@/test-support/app/build-and-spawn';

const REQUEST_TIMEOUT_MS = 2_000;
const MAX_CONNECTIONS = 20;
const MAX_PER_ADDRESS = 12;

describe('request lifetimes and connections', () => {
  let port: number;
  let app: ReturnType<typeof spawnApp>;

  beforeAll(async () => {
    port = await findFreePort();
    const url = `http://localhost:${port}`;
    app = spawnApp(
      {
        DATABASE_URL: await newTestDatabase('limits'),
        SMTP_URL: 'smtp://localhost:1',
        APP_URL: url,
        AUTH_SECRET: 'e2e-secret-not-for-production-0123456789',
        REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        HTTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
        HTTP_MAX_CONNECTIONS_PER_ADDRESS: String(MAX_PER_ADDRESS),
      },
      port,
    );
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`${url}/api/trpc/health`, { method: 'PUT' }).then(() => true, () => false))) {
      if (Date.now() > deadline) throw new Error(`The app did not listen within 60 s:\n${app.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(() => {
    app?.child.kill('SIGKILL');
  });

  // All of 127.0.0.0/8 is this machine: other source addresses play other clients (the app listens on localhost, 127.0.0.1 here).
  const open = (from = '127.0.0.1') =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', localAddress: from }, () => resolve(socket));
      socket.once('error', reject);
    });

  /** Resolves with what the server wrote and when the socket closed, measured from now. */
  const closed = (socket: Socket) => {
    const started = Date.now();
    let received = '';
    socket.on('data', (chunk) => (received += chunk));
    socket.on('error', () => {});
    return new Promise<{ afterMs: number; received: string }>((resolve) => socket.once('close', () => resolve({ afterMs: Date.now() - started, received })));
  };

  it('cuts a body that trickles in a byte at a time within the request timeout', async () => {
    const socket = await open();
    const ended = closed(socket);
    socket.write('POST /api/trpc/org.invitation.create HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n');
    const drip = setInterval(() => socket.writable && socket.write('{'), 200);
    // Without a limit the server would wait 5 minutes (Node's default); the test would time out.
    const { afterMs, received } = await ended;
    clearInterval(drip);
    // (The API may answer first, before it reads the body; the connection is cut all the same.)
    expect(received).toContain('HTTP/1.1 408 Request Timeout');
    // The timeout plus Node's check interval (1 s), with room for a slow machine.
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(afterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 5_000);
  });

  it('cuts headers that never end', async () => {
    const socket = await open();
    const ended = closed(socket);
    socket.write('GET /sign-in HTTP/1.1\r\nHost: localhost\r\n');
    const drip = setInterval(() => socket.writable && socket.write('X-Slow: a\r\n'), 200);
    const { afterMs } = await ended;
    clearInterval(drip);
    expect(afterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 5_000);
  });

  const refusedAtOnce = async (from: string) => {
    const { received } = await closed(await open(from));
    return received;
  };

  it(`holds at most ${MAX_PER_ADDRESS} connections of one client address and ${MAX_CONNECTIONS} in all: the next is closed at once`, async () => {
    const held: Socket[] = [];
    const hold = async (from: string, count: number) => {
      for (let i = 0; i < count; i += 1) {
        const socket = await open(from);
        // Each held socket has sent part of a request, so the server keeps it.
        socket.write('GET /sign-in HTTP/1.1\r\n');
        held.push(socket);
      }
    };
    await hold('127.0.0.2', MAX_PER_ADDRESS);
    expect(await refusedAtOnce('127.0.0.2')).toBe('');
    // Another client still gets in, up to the overall cap.
    await hold('127.0.0.3', MAX_CONNECTIONS - MAX_PER_ADDRESS);
    expect(await refusedAtOnce('127.0.0.4')).toBe('');
    for (const socket of held) socket.destroy();
    // Once they are gone, a new client is served as usual.
    const deadline = Date.now() + 5_000;
    let status = 0;
    while (status !== 200 && Date.now() < deadline) {
      status = await fetch(`http://localhost:${port}/sign-in`).then((r) => r.status, () => 0);
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  });
});

// `npm start`'s own server (server/http/main.ts): it answers /api/trpc itself and
// hands everything else to Next.js, so what Next.js used to do for the API
// (start-up before the first request, method handling, shutdown) is checked here.
import { randomUUID } from 'node:crypto';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '@/db/free-port';
import type { Database } from '@/db/types';
import { createTestDatabase } from '@/test-support/database/test-postgres';
import { sentTo, startSmtpServer } from '@/test-support/mail/smtp-server';
import '@/test-support/database/provided-context';
import { startApp } from '@/test-support/app/start-app';
import { spawnApp } from '@/test-support/app/build-and-spawn';

describe('the server in front of Next.js', () => {
  let url: string;
  let databaseUrl: string;
  let app: ReturnType<typeof spawnApp>;

  beforeAll(async () => {
    const port = await findFreePort();
    url = `http://localhost:${port}`;
    // An empty database: the server must migrate it before it answers anything.
    databaseUrl = await createTestDatabase(inject('pgAdminUrl'), 'template0', `members_server_${Date.now().toString(36)}`);
    app = spawnApp(
      {
        DATABASE_URL: databaseUrl,
        // Nothing listens here: no email is sent in this file.
        SMTP_URL: 'smtp://localhost:1',
        APP_URL: url,
        AUTH_SECRET: 'e2e-secret-not-for-production-0123456789',
      },
      port,
    );
    // Wait until it answers (requests are held until the start-up is done). A refused
    // method reads nothing: the first request that needs the database is the API call below.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const listening = await fetch(`${url}/api/trpc/health`, { method: 'PUT' }).then(
        () => true,
        () => false,
      );
      if (listening) break;
      if (Date.now() > deadline) throw new Error(`The app did not listen within 60 s:\n${app.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(() => {
    app?.child.kill('SIGKILL');
  });

  it('answers an API request before any page was requested, with the database already migrated', async () => {
    // The session lookup reads the Session table, which only migrations create: without them, a 500.
    const response = await fetch(`${url}/api/trpc/org.member.list?input=${encodeURIComponent('{"orgId":"00000000-0000-4000-8000-000000000000"}')}`, {
      headers: { cookie: 'authjs.session-token=not-a-session' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { message: 'Please sign in to continue.' } });
  });

  it('migrates and starts the email worker once per process, though Next.js runs the start-up hook again on its first page', async () => {
    expect((await fetch(`${url}/sign-in`)).status).toBe(200);
    // Give a second start, had there been one, time to show in the output.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const started = app.output().match(/"msg":"email worker started"/g) ?? [];
    expect(started).toHaveLength(1);
    expect(app.output().match(/"msg":"migrations applied"/g) ?? []).toHaveLength(1);
  });

  it('a second server on a port in use says so and exits 1 before starting anything', async () => {
    const second = spawnApp(
      { DATABASE_URL: databaseUrl, SMTP_URL: 'smtp://localhost:1', APP_URL: url, AUTH_SECRET: 'e2e-secret-not-for-production-0123456789' },
      Number(new URL(url).port),
    );
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`Members cannot start: something else is already listening on localhost, port ${new URL(url).port}.`);
    expect(second.output()).not.toContain('email worker started');
  });

  it('refuses methods other than GET, HEAD, POST and OPTIONS on the API with 405, in the shape and with the headers of its other answers', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(`${url}/api/trpc/org.invitation.create`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({
        error: {
          message: `${method} is not supported here: use GET for queries and POST for mutations.`,
          code: -32001,
          data: { code: 'METHOD_NOT_SUPPORTED', httpStatus: 405 },
        },
      });
    }
    // As a Next.js route handler answered them: OPTIONS lists the methods, HEAD is an empty success.
    const options = await fetch(`${url}/api/trpc/org.member.list`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    expect((await fetch(`${url}/api/trpc/org.member.list`, { method: 'HEAD' })).status).toBe(204);
  });

  it('gzips API answers of 1 KB or more for clients that accept it, and only those', async () => {
    // A batch of ten refused calls: about 1.4 KB of JSON.
    const batch = `/api/trpc/${Array.from({ length: 10 }, () => 'org.member.list').join(',')}?batch=1&input=%7B%7D`;
    // node:http, not fetch: fetch asks for gzip itself and hides the encoding.
    const raw = (path: string, acceptEncoding?: string) =>
      new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        const request = httpGet(`${url}${path}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        });
        request.on('error', reject);
      });
    const plain = await raw(batch);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThanOrEqual(1024);
    const gzipped = await raw(batch, 'gzip, deflate, br');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(gzipped.body.length).toBeLessThan(plain.body.length);
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    // A short answer is sent as it is.
    expect((await raw('/api/trpc/org.member.list', 'gzip')).headers['content-encoding']).toBeUndefined();
  });

  it('refuses an API body over 1 MB with 413 and a message; one just under is read', async () => {
    // A signed-in caller: the input is only read once the caller is known.
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }) });
    await plantSession(db, 'big-body@example.com', 'big-body-session');
    await db.destroy();
    const post = (paddingBytes: number) =>
      fetch(`${url}/api/trpc/org.invitation.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'authjs.session-token=big-body-session', origin: url },
        body: JSON.stringify({ orgId: 'not-an-id', email: 'a@example.com', padding: 'x'.repeat(paddingBytes) }),
      });
    const tooLarge = await post(1024 * 1024);
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error.message).toBe('This request is too large: the API accepts at most 1 MB.');
    // Under the limit the input is read and judged on its content.
    const judged = await post(1000);
    expect(judged.status).toBe(400);
  });

  it('answers an API request it cannot parse (a broken Host header) with 400, not 500', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(url).port), 'localhost', () => socket.end('GET /api/trpc/org.member.list HTTP/1.1\r\nHost: [broken\r\nConnection: close\r\n\r\n'));
      let received = '';
      socket.on('data', (chunk) => (received += chunk));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('This request could not be read.');
    expect(app.output()).not.toContain('"msg":"request failed"');
  });

  it('leaves paths that only start like the API to Next.js', async () => {
    const response = await fetch(`${url}/api/trpcx`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('on SIGTERM stops accepting requests and exits with 143', async () => {
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(143);
    expect(app.output()).toContain('"msg":"shutting down"');
    await expect(fetch(`${url}/sign-in`)).rejects.toThrow();
  });
});

describe('shutting down with an email in flight', () => {
  it('SIGTERM lets the email being sent finish, then exits with 143', async () => {
    let dataStarted!: () => void;
    const transmitting = new Promise<void>((resolve) => (dataStarted = resolve));
    const smtp = await startSmtpServer({ delayMs: 1500, onDataStart: () => dataStarted() });
    const app = await startApp({ smtpUrl: smtp.url });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: app.databaseUrl, max: 1 }) }) });
    try {
      // An owner with a session, planted in the database.
      const userId = await plantSession(db, 'drain-owner@example.com', 'drain-session');
      const org = await db.insertInto('organizations').values({ name: 'Drain Co' }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('memberships').values({ organization_id: org.id, user_id: userId, role: 'owner' }).execute();

      const invited = await fetch(`${app.url}/api/trpc/org.invitation.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'authjs.session-token=drain-session', origin: app.url },
        body: JSON.stringify({ orgId: org.id, email: 'in-flight@example.com', role: 'owner' }),
      });
      expect(invited.status).toBe(200);
      await transmitting; // the message is being transmitted right now
      await app.stop(); // SIGTERM, then waits for the exit

      expect(app.exitCode()).toBe(143);
      expect(app.output()).toContain('"msg":"shutting down"');
      expect(smtp.messages.filter(sentTo('in-flight@example.com'))).toHaveLength(1);
      const invitation = await db.selectFrom('invitations').select('email_status').where('email', '=', 'in-flight@example.com').executeTakeFirstOrThrow();
      expect(invitation.email_status).toBe('sent');
    } finally {
      await db.destroy();
      await smtp.close();
    }
  }, 60_000);
});

/** A person with a session, written straight into the database; returns their user id. */
async function plantSession(db: Kysely<Database>, email: string, sessionToken: string): Promise<string> {
  const userId = randomUUID();
  await db.insertInto('User').values({ id: userId, email }).execute();
  await db.insertInto('Session').values({ sessionToken, userId, expires: new Date(Date.now() + 86_400_000) }).execute();
  return userId;
}

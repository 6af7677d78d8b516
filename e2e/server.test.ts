// `npm start`'s own server (server/http/main.ts): it answers /api/trpc itself and
// hands everything else to Next.js, so what Next.js used to do for the API
// (start-up before the first request, method handling, shutdown) is checked here.
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '@/db/embedded';
import type { Database } from '@/db/types';
import { createTestDatabase } from '../tests/support/postgres';
import '../tests/support/provided';
import { spawnApp } from './support/spawn';

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
    // Wait for the port only: the first request below must be an API request.
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

  it('refuses methods other than GET and POST on the API with 405 and says which are allowed', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(`${url}/api/trpc/org.invitation.create`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, POST');
      expect((await response.json()).error.message).toBe(`${method} is not supported here: use GET for queries and POST for mutations.`);
    }
  });

  it('refuses an API body over 1 MB with 413 and a message; one just under is read', async () => {
    // A signed-in caller: the input is only read once the caller is known.
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }) });
    const user = await db.insertInto('User').values({ id: randomUUID(), email: 'big-body@example.com' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('Session').values({ sessionToken: 'big-body-session', userId: user.id, expires: new Date(Date.now() + 86_400_000) }).execute();
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

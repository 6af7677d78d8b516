// For comparison only: the app's own tRPC router and services served by tRPC's
// standalone adapter on node:http, without Next.js (same session lookup, same pool
// with prepared statements). What the API costs outside Next's route handlers.
// Started as its own process by bench/members-scale.ts; not a way to run the app
// (no CSRF check, no security headers, no logging).
import http from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PreparingClient } from '@/db/prepared';
import type { Database } from '@/db/types';
import { actorForSessionToken } from '@/server/auth/sessions';
import { createContext } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/root';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, Client: PreparingClient });
pool.on('error', () => {});
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
const handler = createHTTPHandler({
  router: appRouter,
  basePath: '/api/trpc/',
  createContext: async ({ req }) => {
    const token = /(?:^|;\s*)authjs\.session-token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    return createContext({ db, actor: token ? await actorForSessionToken(db, token) : null });
  },
});
const server = http.createServer((req, res) => handler(req, res));
server.listen(Number(process.env.PORT), 'localhost', () => process.send?.('ready'));

import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { getConfig } from '../server/config';
import { resolveDatabaseUrl } from './connection';
import { PreparingClient } from './prepared';
import type { Database } from './types';

export type { Database } from './types';
export type DB = Kysely<Database>;
export type Tx = Transaction<Database>;

function createDb(): DB {
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      // Resolved on first use, so importing this module never starts a server.
      pool: async () => {
        const { databasePoolSize, preparedStatements } = getConfig();
        const pool = new pg.Pool({
          connectionString: await resolveDatabaseUrl(),
          max: databasePoolSize,
          // A database that does not answer (host down, network cut), or a pool
          // busy for this long, fails the request with a 503 instead of holding it open.
          connectionTimeoutMillis: 10_000,
          ...(preparedStatements ? { Client: PreparingClient } : {}),
        });
        // A client losing its connection (database restarted, network cut) must
        // not crash the process: idle ones are reported by the pool, checked-out
        // ones by the client itself (the query in flight fails on its own, and the
        // pool discards the client when it is released).
        const report = (error: Error) => console.error(JSON.stringify({ level: 'warn', msg: 'database connection lost', error: error.message }));
        pool.on('error', report);
        pool.on('connect', (client) => client.on('error', report));
        state.__membersPool = pool;
        return pool;
      },
    }),
  });
}

const globalForDb = globalThis as unknown as { __membersDb?: DB };
const state = globalThis as unknown as { __membersPool?: pg.Pool };

/** The process's pool once the first query created it (for the metrics). */
export const databasePool = (): pg.Pool | undefined => state.__membersPool;

/** The one Kysely instance of this process. */
export const db: DB = (globalForDb.__membersDb ??= createDb());

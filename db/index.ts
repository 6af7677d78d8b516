import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { resolveDatabaseUrl } from './connection';
import type { Database } from './types';

export type { Database } from './types';
export type DB = Kysely<Database>;
export type Tx = Transaction<Database>;

function createDb(): DB {
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      // Resolved on first use, so importing this module never starts a server.
      pool: async () => {
        const pool = new pg.Pool({
          connectionString: await resolveDatabaseUrl(),
          max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
        });
        // An idle client losing its connection (database restarted) must not
        // crash the process; the pool replaces it on the next checkout.
        pool.on('error', (error) => console.error(JSON.stringify({ level: 'error', msg: 'pg pool error', error: error.message })));
        return pool;
      },
    }),
  });
}

const globalForDb = globalThis as unknown as { __membersDb?: DB };

/** The one Kysely instance of this process. */
export const db: DB = (globalForDb.__membersDb ??= createDb());

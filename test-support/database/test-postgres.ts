// A real PostgreSQL for tests: DATABASE_URL's server if set, else a throwaway
// embedded one. A template database is migrated once; every test file then gets
// its own copy (CREATE DATABASE ... TEMPLATE is a file copy: milliseconds).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabaseIfMissing, startEmbeddedPostgres } from '@/db/embedded';
import { migrateDatabase } from '@/db/migrate';

export type TestPostgres = {
  /** URL of the maintenance database, for creating and dropping databases. */
  adminUrl: string;
  /** Name of the migrated template database. */
  template: string;
  stop(): Promise<void>;
};

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const prefix = `members_t${process.pid}`;
  const template = `${prefix}_template`;
  let adminUrl: string;
  let stopServer = async () => {};
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: mkdtempSync(path.join(tmpdir(), 'members-test-pg-')),
      database: 'postgres',
      persistent: false,
      // Durability is not under test; speed is welcome.
      postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    });
    adminUrl = server.adminUrl;
    stopServer = server.stop;
  }
  await adminQuery(adminUrl, `drop database if exists ${template} with (force)`);
  await createDatabaseIfMissing(adminUrl, template);
  await migrateDatabase(withDatabase(adminUrl, template));
  return {
    adminUrl,
    template,
    async stop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${prefix}%`]);
        for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
      } finally {
        await client.end();
      }
      await stopServer();
    },
  };
}

/** A fresh, migrated database for one test file (or one app under test). */
export async function createTestDatabase(adminUrl: string, template: string, name: string): Promise<string> {
  await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
  await adminQuery(adminUrl, `create database "${name}" template "${template}"`);
  return withDatabase(adminUrl, name);
}

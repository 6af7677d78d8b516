// Frozen: never edit a migration that has shipped; add a new file instead.
import { type Kysely, sql } from 'kysely';

// Rate limits live in PostgreSQL so they hold across any number of app instances.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('rate_limit_events_bucket_idx').on('rate_limit_events').columns(['bucket', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_events').ifExists().execute();
}

// Frozen: never edit a migration that has shipped; add a new file instead.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Tied to the membership, not the person: removing the member deletes the
    // tokens, and a later membership of the same person starts with none.
    .addColumn('membership_id', 'uuid', (c) => c.notNull().references('memberships.id').onDelete('cascade'))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('User.id').onDelete('cascade'))
    .addColumn('description', 'text', (c) => c.notNull().check(sql`char_length(description) between 1 and 100`))
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    // SHA-256 of the token; the token itself is shown once and never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('api_tokens_org_idx').on('api_tokens').columns(['organization_id', 'created_at']).execute();
  await db.schema.createIndex('api_tokens_membership_idx').on('api_tokens').column('membership_id').execute();

  // Which token an API call used, when the actor acted through one.
  await db.schema.alterTable('audit_events').addColumn('actor_token_id', 'uuid').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').dropColumn('actor_token_id').execute();
  await db.schema.dropTable('api_tokens').ifExists().execute();
}

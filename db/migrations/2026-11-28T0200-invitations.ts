// Frozen: never edit a migration that has shipped; add a new file instead.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invitations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('email', sql`citext`, (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner')`))
    // SHA-256 of the activation secret; the secret itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'uuid', (c) => c.references('User.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('send_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('accepted_by', 'uuid', (c) => c.references('User.id').onDelete('set null'))
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('withdrawn_by', 'uuid', (c) => c.references('User.id').onDelete('set null'))
    .addCheckConstraint('invitations_closed_once', sql`accepted_at is null or withdrawn_at is null`)
    .execute();
  // One open (not accepted, not withdrawn) invitation per address and organization.
  await sql`create unique index invitations_open_email_key on invitations (organization_id, email)
    where accepted_at is null and withdrawn_at is null`.execute(db);
  // The open invitations of an organization, in keyset order (and counting pending ones).
  await sql`create index invitations_open_org_idx on invitations (organization_id, created_at, id)
    where accepted_at is null and withdrawn_at is null`.execute(db);
  // Invitations a removed member sent, withdrawn with them.
  await sql`create index invitations_open_inviter_idx on invitations (organization_id, invited_by)
    where accepted_at is null and withdrawn_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invitations').ifExists().execute();
}

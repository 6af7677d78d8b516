// Frozen: never edit a migration that has shipped; add a new file instead.
import { type Kysely, sql } from 'kysely';

// The delivery state of an invitation's latest email, written by the email worker.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('invitations')
    .addColumn('email_status', 'text', (c) => c.notNull().defaultTo('sending').check(sql`email_status in ('sending', 'sent', 'failed')`))
    .addColumn('email_sent_at', 'timestamptz')
    .addColumn('email_error', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invitations').dropColumn('email_status').dropColumn('email_sent_at').dropColumn('email_error').execute();
}

// Frozen: never edit a migration that has shipped; add a new file instead.
import { type Kysely, sql } from 'kysely';

// The audit log is append-only: the database itself refuses to change or delete
// an event. (TRUNCATE, an administrator's tool, is not a row change.)
export async function up(db: Kysely<any>): Promise<void> {
  // Deleting a user must not rewrite history (ON DELETE SET NULL is an update): keep the id.
  await sql`alter table audit_events drop constraint if exists audit_events_actor_user_id_fkey`.execute(db);
  await sql`
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit events are append-only' using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function audit_events_append_only()`.execute(db);
  // Filtering an organization's log by action.
  await db.schema.createIndex('audit_events_org_action_idx').on('audit_events').columns(['organization_id', 'action', 'id desc']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists audit_events_append_only on audit_events`.execute(db);
  await sql`drop function if exists audit_events_append_only()`.execute(db);
  await db.schema.dropIndex('audit_events_org_action_idx').ifExists().execute();
}

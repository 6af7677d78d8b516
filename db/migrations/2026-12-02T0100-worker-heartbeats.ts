// Frozen: never edit a migration that has shipped; add a new file instead.
import { type Kysely, sql } from 'kysely';

// Each email worker writes here every few seconds; a worker whose row goes stale has died
// (SIGKILL, a lost machine), and a live one unlocks its jobs instead of leaving them locked
// for graphile-worker's 4 hours.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table email_worker_heartbeats (worker_id text primary key, seen_at timestamptz not null default now())`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists email_worker_heartbeats`.execute(db);
}

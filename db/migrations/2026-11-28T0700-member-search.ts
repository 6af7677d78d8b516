// Frozen: never edit a migration that has shipped; add a new file instead.
import { type Kysely, sql } from 'kysely';

// Member search matches the start of an email or a name, case-insensitively.
// These b-tree indexes answer it with a range scan, so finding one person among
// 100,000 reads a handful of index entries. (A "%term%" search would need
// trigram indexes, whose cost on common letter groups was measured at ~11 ms per
// search at 100,000 people, and which the planner skipped on smaller tables.)
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index "User_email_prefix_idx" on "User" (lower(email::text) text_pattern_ops)`.execute(db);
  await sql`create index "User_name_prefix_idx" on "User" (lower(name) text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists "User_name_prefix_idx"`.execute(db);
  await sql`drop index if exists "User_email_prefix_idx"`.execute(db);
}

import { sql } from 'kysely';
import { db } from '@/db';

// The benchmark's API floor (bench/members-scale.ts): a route handler doing one
// trivial query, no authentication. Only the benchmark's build has it (next.config.mjs).
export async function GET() {
  const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
  return Response.json(rows[0]);
}

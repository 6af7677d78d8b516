import { sql } from 'kysely';
import { db } from '@/db';
import { getConfig } from '@/server/config';

// The benchmark's API floor (bench/members-scale.ts): a route handler doing one
// trivial query, no authentication. Only when BENCH_FLOOR_PAGE=1; otherwise 404.
export async function GET() {
  if (!getConfig().benchFloorPages) return new Response(null, { status: 404 });
  const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
  return Response.json(rows[0]);
}

import { type Expression, sql } from 'kysely';
import { planPerCall } from '@/db/prepared';

/** A timestamptz as the text toISOString() gives ("2026-12-01T14:05:09.123Z"), formatted by PostgreSQL. */
export const isoUtc = <T extends string | null = string>(column: string) => sql<T>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Case-insensitive "starts with" on a column: `lower(column) like lower('term%')`,
 * the term's own % and _ taken literally. Answered by a lower(...) text_pattern_ops
 * index (migration 0700) with a range scan.
 */
export function startsWith(column: Expression<string | null>, search: string): Expression<boolean> {
  const pattern = `${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // Its plan depends on the pattern (a prefix is an index range): planned per call, never generically.
  return sql<boolean>`lower(${column}) like lower(${pattern}) ${planPerCall}`;
}

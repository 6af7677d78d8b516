// Named (prepared) statements for the parameterised queries Kysely sends.
// PostgreSQL then parses a statement once per connection and, once it has seen
// that the plan does not depend on the values, plans it once too (a generic
// plan). Measured on the invite transaction: PostgreSQL's CPU per invite
// 3.0 -> 1.5-2.3 ms (bench/README.md).
// Exception: a statement with LIKE stays unnamed. Its plan depends on the pattern
// (a prefix becomes an index range), and after a few broad searches PostgreSQL
// would settle on a generic plan that reads the whole organization for every
// search (measured: 260 ms per search at 100,000 members instead of 0.03 ms;
// tests/query-plans.test.ts checks every named statement's generic plan).
// A connection pooler in transaction mode must support prepared statements
// (PgBouncer >= 1.21 with max_prepared_statements) or set
// DATABASE_PREPARED_STATEMENTS=off.
import { createHash } from 'node:crypto';
import pg from 'pg';

// Query texts are few and fixed (Kysely compiles each code path to one text);
// the cap keeps an unexpected source of distinct texts from growing the map.
const MAX_NAMED_TEXTS = 2_000;
const names = new Map<string, string | null>();
const VALUE_DEPENDENT_PLAN = /\blike\b/i;

/** A stable name per statement text (a text always gets the same name, on every connection); null when the text goes unnamed. */
export function preparedStatementName(text: string): string | null {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_NAMED_TEXTS) return null;
    name = VALUE_DEPENDENT_PLAN.test(text) ? null : `k${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * pg's Client, except that `query(text, values)` with at least one value (how
 * Kysely calls it) becomes a named statement. Everything else (no values,
 * config objects, callbacks, cursors) passes through unchanged.
 */
export class PreparingClient extends pg.Client {
  // pg's query() has a dozen overloads; this one signature covers them all.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const [text, values, callback] = args as [unknown, unknown, unknown];
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      const name = preparedStatementName(text);
      if (name) return super.query({ name, text, values });
    }
    return Reflect.apply(super.query, this, args);
  }
}

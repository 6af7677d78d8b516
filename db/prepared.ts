// Named (prepared) statements for the parameterised queries Kysely sends: PostgreSQL
// parses each once per connection and, once it sees the plan does not depend on the
// values, plans it once too (a generic plan; decision 024 has the figures).
// A statement whose best plan does depend on its values opts out explicitly with
// planPerCall; tests/query-plans.test.ts checks every named statement's generic plan.
// A connection pooler in transaction mode must support prepared statements
// (PgBouncer >= 1.21 with max_prepared_statements) or set DATABASE_PREPARED_STATEMENTS=off.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';

const PLAN_PER_CALL = '/* plan per call */';

/**
 * Put into a statement (inside the expression that makes its plan depend on the values, such
 * as a LIKE prefix) to send it unnamed, so PostgreSQL plans it with its values every time
 * instead of settling on a generic plan that would fit no value well.
 */
export const planPerCall = sql.raw(PLAN_PER_CALL);

// Query texts are few and fixed (Kysely compiles each code path to one text);
// the cap keeps an unexpected source of distinct texts from growing the map.
const MAX_NAMED_TEXTS = 2_000;
const names = new Map<string, string | null>();

/** A stable name per statement text (a text always gets the same name, on every connection); null when the text goes unnamed. */
export function preparedStatementName(text: string): string | null {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_NAMED_TEXTS) return null;
    name = text.includes(PLAN_PER_CALL) ? null : `k${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
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

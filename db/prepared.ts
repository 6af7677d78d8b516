// Named (prepared) statements for every parameterised query Kysely sends.
// PostgreSQL then parses and plans a statement once per connection instead of
// on every call (with plan_cache_mode's default it keeps re-planning where the
// parameters matter, e.g. a LIKE prefix). Measured on the invite transaction:
// PostgreSQL's CPU per invite 3.0 -> 1.8-2.3 ms (bench/README).
// A connection pooler in transaction mode must support prepared statements
// (PgBouncer >= 1.21 with max_prepared_statements) or set
// DATABASE_PREPARED_STATEMENTS=off.
import { createHash } from 'node:crypto';
import pg from 'pg';

// Query texts are few and fixed (Kysely compiles each code path to one text);
// the cap keeps an unexpected source of distinct texts from growing the map.
const MAX_NAMED_TEXTS = 2_000;
const names = new Map<string, string>();

/** A stable name per statement text (a text always gets the same name, on every connection). */
function statementName(text: string): string | null {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_NAMED_TEXTS) return null;
    name = `k${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
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
      const name = statementName(text);
      if (name) return super.query({ name, text, values });
    }
    return Reflect.apply(super.query, this, args);
  }
}

export const preparedStatementsEnabled = () => process.env.DATABASE_PREPARED_STATEMENTS !== 'off';

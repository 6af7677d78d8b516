import { type Expression, sql } from 'kysely';
import { AppError, INVALID_PAGE_LINK_MESSAGE } from './errors';

/** Members and invitations per page: a screenful; the rest behind "Show more" or a search. */
export const PAGE_SIZE = 25;

// Keyset cursors on (created_at, id). The timestamp travels as microseconds
// since the epoch so no precision is lost between PostgreSQL and JavaScript.
export const createdMicros = (column: string) => sql<string>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint::text`;

export type Cursor = { micros: string; id: string };

// What toPage issues: lower-case hex UUIDs, as PostgreSQL prints them.
const ISSUED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Non-negative decimal without leading zeros; 18 digits at most, the range check is below.
const ISSUED_MICROS = /^(0|[1-9]\d{0,17})$/;
/** 9999-12-31T23:59:59.999999Z in microseconds: far inside timestamptz and bigint, so cursorTime cannot overflow. */
export const MAX_CURSOR_MICROS = 253_402_300_799_999_999n;

export function encodeCursor(micros: string, id: string): string {
  return Buffer.from(`${micros}:${id}`).toString('base64url');
}

/** A cursor this server issued, or BAD_REQUEST: nothing else reaches SQL, where it would fail as a 500. */
export function decodeCursor(cursor: string): Cursor {
  const parts = Buffer.from(cursor, 'base64url').toString().split(':');
  const [micros = '', id = ''] = parts;
  const valid =
    parts.length === 2 &&
    ISSUED_MICROS.test(micros) &&
    BigInt(micros) <= MAX_CURSOR_MICROS &&
    ISSUED_ID.test(id) &&
    // Canonical form only: padding, the base64 alphabet or stray bits decode to the same text but were never issued.
    encodeCursor(micros, id) === cursor;
  if (!valid) throw new AppError('BAD_REQUEST', INVALID_PAGE_LINK_MESSAGE, 'cursor');
  return { micros, id };
}

/** The timestamp of a cursor, as a PostgreSQL expression. */
export function cursorTime(cursor: Cursor): Expression<Date> {
  return sql<Date>`timestamptz 'epoch' + ${cursor.micros}::bigint * interval '1 microsecond'`;
}

/** Splits the PAGE_SIZE + 1 rows a query fetched into a page and the next cursor. */
export function toPage<R extends { cursorMicros: string; cursorId: string }, T>(rows: R[], map: (row: R) => T) {
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return {
    items: page.map(map),
    nextCursor: rows.length > PAGE_SIZE && last ? encodeCursor(last.cursorMicros, last.cursorId) : null,
  };
}

// Page cursors: exactly what the server issues is accepted, everything else is
// refused with one message before it reaches SQL.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, INVALID_PAGE_LINK_MESSAGE } from '@/server/errors';
import { decodeCursor, encodeCursor, MAX_CURSOR_MICROS } from '@/server/pagination';
import { auditListInput, MAX_AUDIT_ID } from '@/server/schemas';

const ID = '0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d';
const b64url = (text: string) => Buffer.from(text).toString('base64url');

function refusal(cursor: string): unknown {
  try {
    decodeCursor(cursor);
  } catch (error) {
    return error;
  }
  return null;
}

describe('decodeCursor', () => {
  it.each([
    ['the epoch', '0'],
    ['a real time', '1764600309123456'],
    ['the last microsecond of 9999', String(MAX_CURSOR_MICROS)],
  ])('accepts a cursor the server issues: %s', (_case, micros) => {
    expect(decodeCursor(encodeCursor(micros, ID))).toEqual({ micros, id: ID });
  });

  it.each([
    // The two shapes of the defect: PostgreSQL refused them (22P02, 22003) and the API answered 500.
    ['"1:" and 36 hyphens', b64url(`1:${'-'.repeat(36)}`)],
    ['a 20-digit time', b64url(`99999999999999999999:${ID}`)],
    ['a time past bigint', b64url(`9223372036854775808:${ID}`)],
    ['the largest bigint (past timestamptz)', b64url(`9223372036854775807:${ID}`)],
    ['one microsecond past 9999', b64url(`${MAX_CURSOR_MICROS + 1n}:${ID}`)],
    ['a negative time', b64url(`-1:${ID}`)],
    ['a signed time', b64url(`+1:${ID}`)],
    ['a leading zero', b64url(`01:${ID}`)],
    ['a float', b64url(`1.5:${ID}`)],
    ['exponent notation', b64url(`1e3:${ID}`)],
    ['NaN', b64url(`NaN:${ID}`)],
    ['leading space', b64url(` 1:${ID}`)],
    ['full-width digits', b64url(`１:${ID}`)],
    ['an empty time', b64url(`:${ID}`)],
    ['an upper-case id', b64url(`1:${ID.toUpperCase()}`)],
    ['an id without hyphens', b64url(`1:${ID.replaceAll('-', '')}`)],
    ['an id one character short', b64url(`1:${ID.slice(1)}`)],
    ['an id in braces', b64url(`1:{${ID}}`)],
    ['hex with hyphens in the wrong places', b64url(`1:${'0b6f3c1e8d2a-4f5b-9c7d-1e2f3a4b-5c6d'}`)],
    ['a NUL after the id', b64url(`1:${ID}\u0000`)],
    ['a third part', b64url(`1:${ID}:x`)],
    ['one part', b64url('1')],
    ['nothing', ''],
    ['not base64 at all', "1 or 1=1"],
    ['base64url padding', `${encodeCursor('1', ID)}==`],
    ['a trailing newline', `${encodeCursor('1', ID)}\n`],
    // The decoder skips characters outside its alphabet: these decode to the issued bytes, but were not issued.
    ['a space inside', `${encodeCursor('1', ID).slice(0, 8)} ${encodeCursor('1', ID).slice(8)}`],
    ['a star inside', `${encodeCursor('1', ID).slice(0, 8)}*${encodeCursor('1', ID).slice(8)}`],
  ])('refuses %s with BAD_REQUEST and the page-link message', (_case, cursor) => {
    const error = refusal(cursor);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', userMessage: INVALID_PAGE_LINK_MESSAGE, field: 'cursor' });
  });

  it('refuses a cursor whose base64 carries stray bits (decodes to the same text, encodes differently)', () => {
    const issued = encodeCursor('1', ID);
    // The last character of an unpadded base64url string holds bits no decoder reads; flip them.
    const last = issued.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = [...alphabet].map((c) => `${issued.slice(0, -1)}${c}`).find((c) => c !== issued && Buffer.from(c, 'base64url').equals(Buffer.from(issued, 'base64url')));
    expect(twin, `a twin of ...${last}`).toBeDefined();
    expect(refusal(twin!)).toMatchObject({ code: 'BAD_REQUEST', userMessage: INVALID_PAGE_LINK_MESSAGE });
  });

  it('decodes every cursor encodeCursor makes, back to the same time and id', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_CURSOR_MICROS }), fc.uuid(), (micros, id) => {
        expect(decodeCursor(encodeCursor(String(micros), id))).toEqual({ micros: String(micros), id });
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses anything but its own output, never throwing anything but the page-link refusal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (cursor) => {
        const error = refusal(cursor);
        if (error === null) expect(encodeCursor(decodeCursor(cursor).micros, decodeCursor(cursor).id)).toBe(cursor);
        else expect(error).toMatchObject({ code: 'BAD_REQUEST', userMessage: INVALID_PAGE_LINK_MESSAGE });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the audit log cursor (an event id)', () => {
  const cursorIssue = (cursor: unknown) => auditListInput.safeParse({ orgId: ID, cursor }).error?.issues[0];

  it.each(['1', '52', String(MAX_AUDIT_ID)])('accepts %s', (cursor) => {
    expect(auditListInput.parse({ orgId: ID, cursor }).cursor).toBe(cursor);
  });

  it.each([
    ['a 20-digit id (the defect: 22003, a 500)', '99999999999999999999'],
    ['one past the largest bigint', String(MAX_AUDIT_ID + 1n)],
    ['2^64', String(2n ** 64n)],
    ['zero', '0'],
    ['a negative id', '-1'],
    ['negative zero', '-0'],
    ['a leading zero', '01'],
    ['a float', '1.0'],
    ['exponent notation', '1e3'],
    ['NaN', 'NaN'],
    ['hex', '0x10'],
    ['a leading space', ' 1'],
    ['a trailing newline', '1\n'],
    ['a NUL', '1\u0000'],
    ['Arabic-Indic digits', '١٢٣'],
    ['SQL', '1 or 1=1'],
    ['empty', ''],
    ['a number, not a string', 5],
    ['2^63 as a number', 2 ** 63],
  ])('refuses %s with the page-link message', (_case, cursor) => {
    expect(cursorIssue(cursor)).toMatchObject({ message: INVALID_PAGE_LINK_MESSAGE, path: ['cursor'] });
  });
});

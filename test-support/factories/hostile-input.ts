// Generators of inputs built to look almost right: cursor-shaped strings, numbers
// past what PostgreSQL holds, and control characters. Random strings rarely hit
// these shapes, and they are the ones that got past validation into SQL.
import fc from 'fast-check';

const DIGIT = fc.constantFrom(...'0123456789');
const HEX_ISH = fc.constantFrom(...'0123456789abcdefABCDEF-g:');

/** Text that reads as a number to someone: wide integers, signs, floats, exponents, words. */
export const numberLike: fc.Arbitrary<string> = fc.oneof(
  // 1 to 40 digits: from a real timestamp to past bigint (19 digits) and well beyond.
  fc.string({ unit: DIGIT, minLength: 1, maxLength: 40 }),
  fc.string({ unit: DIGIT, minLength: 19, maxLength: 25 }),
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(
    '99999999999999999999',
    '9223372036854775807',
    '9223372036854775808',
    '-9223372036854775808',
    '18446744073709551616',
    '253402300800000000',
    String(2n ** 63n),
    '1e308',
    '1e3',
    '-0',
    '0',
    '00',
    '007',
    'NaN',
    'Infinity',
    '-Infinity',
    '0x10',
    '1.5',
    '+1',
    '-1',
    ' 1',
    '1 ',
    '1\n',
    '1_000',
    '１２３', // full-width digits
    '١٢٣', // Arabic-Indic digits
  ),
);

/** Text that looks like a UUID, mostly not quite: wrong lengths, hyphen runs, upper case, padding. */
export const uuidLike: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.constant('-'.repeat(36)),
  fc.integer({ min: 0, max: 60 }).map((n) => '-'.repeat(n)),
  fc.string({ unit: HEX_ISH, minLength: 30, maxLength: 40 }),
  fc.uuid().map((u) => u.slice(1)),
  fc.uuid().map((u) => `${u}0`),
  fc.uuid().map((u) => u.replaceAll('-', '')),
  fc.uuid().map((u) => `{${u}}`),
  fc.uuid().map((u) => ` ${u}`),
  fc.uuid().map((u) => `${u}\u0000`),
);

/** Microseconds a real cursor could carry: the epoch to now. */
const realMicros = fc.bigInt({ min: 0n, max: BigInt(Date.now()) * 1000n }).map(String);

/** `<number>:<uuid-like>` and its near relatives; one part wrong at a time, so each check is met on its own. */
export const cursorText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(numberLike, fc.uuid()).map(([micros, id]) => `${micros}:${id}`) },
  { weight: 3, arbitrary: fc.tuple(realMicros, uuidLike).map(([micros, id]) => `${micros}:${id}`) },
  { weight: 2, arbitrary: fc.tuple(numberLike, uuidLike).map(([micros, id]) => `${micros}:${id}`) },
  { weight: 1, arbitrary: fc.tuple(realMicros, fc.uuid(), fc.string({ maxLength: 10 })).map(([micros, id, extra]) => `${micros}:${id}:${extra}`) },
  { weight: 1, arbitrary: fc.constantFrom(':', '::', '1:', ':1', '') },
  { weight: 1, arbitrary: numberLike },
);

/** A string the way a server could have wrapped it, and ways it could not have. */
export function wrapped(text: string, how: 'base64url' | 'base64' | 'padded' | 'plain'): string {
  const bytes = Buffer.from(text);
  if (how === 'base64url') return bytes.toString('base64url');
  if (how === 'base64') return bytes.toString('base64');
  if (how === 'padded') return `${bytes.toString('base64url')}==`;
  return text;
}

/** Strings with NUL, other control characters, line separators and lone surrogates in them. */
export const controlText: fc.Arbitrary<string> = fc.string({
  unit: fc.oneof(fc.constantFrom('\u0000', '\u0001', '\u001b', '\u001f', '\u007f', '\r', '\n', '\t', '\u2028', '\ud800', '\udfff', '\ufeff', '\uffff'), fc.string({ minLength: 1, maxLength: 1 })),
  minLength: 1,
  maxLength: 40,
});

/** A cursor as someone might forge it: mostly base64url-wrapped (the shape the server issues). */
export const hostileCursor: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: cursorText.map((text) => wrapped(text, 'base64url')) },
  { weight: 2, arbitrary: fc.tuple(cursorText, fc.constantFrom('base64' as const, 'padded' as const, 'plain' as const)).map(([text, how]) => wrapped(text, how)) },
  { weight: 3, arbitrary: numberLike },
  { weight: 1, arbitrary: controlText },
  { weight: 1, arbitrary: controlText.map((text) => wrapped(text, 'base64url')) },
);

/** Any string field's hostile value: every shape above. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(hostileCursor, cursorText, uuidLike, numberLike, controlText);

/** Numbers that are not what they seem once they reach text or SQL: 2^63, 1e308, -0, NaN. */
export const hostileNumber: fc.Arbitrary<number | bigint> = fc.oneof(
  fc.constantFrom(2 ** 63, 1e308, -1e308, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2, 5e-324),
  fc.double(),
  fc.bigInt({ min: 2n ** 63n - 2n, max: 2n ** 64n }),
);

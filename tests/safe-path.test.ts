import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '@/server/safe-path';

const APP = 'http://localhost:3000';
const safe = (value: unknown) => safeReturnPath(value, APP);

describe('redirect targets', () => {
  it.each([
    ['a tab between slashes (browsers drop it: "//evil.example")', '/\t/evil.example'],
    ['"/%09/evil.example" as Next decodes it', decodeURIComponent('/%09/evil.example')],
    ['a tab and a backslash', decodeURIComponent('/%09%5Cevil.example')],
    ['a newline', '/\n/x'],
    ['a carriage return', '/\r/x'],
    ['a NUL', '/\u0000/x'],
    ['DEL', '/\u007f/x'],
    ['two backslashes', '\\\\evil'],
    ['slash backslash', '/\\evil'],
    ['a backslash later on', '/ok\\..\\evil'],
    ['protocol-relative', '//evil.example'],
    ['protocol-relative with a path', '//evil.example/members'],
    ['dot segments that collapse to "//evil"', '/.//evil.example'],
    ['parent segments that collapse to "//evil"', '/a/..//evil.example'],
    ['another origin', 'https://evil.example'],
    ['our host as the user part of another origin', 'http://localhost:3000@evil.example/'],
    ['our origin on another port', 'http://localhost:3001/members'],
    ['our origin over https', 'https://localhost:3000/members'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['a leading space', ' /x'],
    ['a relative path', 'members'],
    ['an empty string', ''],
    ['very long', `/${'a'.repeat(5000)}`],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an array (a repeated query parameter)', ['/a', '/b']],
    ['an object', { toString: () => '/members' }],
  ])('%s becomes "/"', (_case, value) => {
    expect(safe(value)).toBe('/');
  });

  it.each([
    ['/', '/'],
    ['/orgs/42/members', '/orgs/42/members'],
    ['/orgs/42/members?q=ada&cursor=2#row', '/orgs/42/members?q=ada&cursor=2#row'],
    ['/a/../orgs', '/orgs'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/%09/evil.example', '/%09/evil.example'],
    ['/caf\u00e9', '/caf%C3%A9'],
    ['http://localhost:3000', '/'],
    ['http://localhost:3000/orgs/42?x=1', '/orgs/42?x=1'],
  ])('%s is kept as the path %s', (value, path) => {
    expect(safe(value)).toBe(path);
  });

  it('always answers a path that a browser resolves on our origin', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.array(fc.constantFrom('/', '\\', '.', '..', '\t', '\n', '\r', ' ', '%09', '@', ':', 'evil.example', 'http:', '//', '#', '?'), { maxLength: 8 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(hostile, (value) => {
        const path = safe(value);
        expect(path.startsWith('/') && !path.startsWith('//')).toBe(true);
        expect(path).not.toMatch(/[\u0000-\u001f\u007f\\]/);
        expect(new URL(path, APP).origin).toBe(APP);
      }),
      { numRuns: 2000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { formatAbsoluteUtc, formatDate, formatExpiry, formatRelative } from '@/lib/format';

const now = new Date('2026-12-01T14:05:30Z');
const at = (offsetSeconds: number) => new Date(now.getTime() + offsetSeconds * 1000);
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

describe('absolute times', () => {
  it('are in UTC, with the weekday, in one format', () => {
    expect(formatAbsoluteUtc(new Date('2026-12-01T14:05:59Z'))).toBe('Tuesday, December 1, 2026 at 14:05 UTC');
    expect(formatAbsoluteUtc('2026-12-01T23:30:00-02:00')).toBe('Wednesday, December 2, 2026 at 01:30 UTC');
    expect(formatAbsoluteUtc('2027-01-01T00:00:00Z')).toBe('Friday, January 1, 2027 at 00:00 UTC');
  });

  it('give a date alone as the date part of the same format', () => {
    expect(formatDate('2026-12-01T23:59:00Z')).toBe('December 1, 2026');
    expect(formatAbsoluteUtc('2026-12-01T23:59:00Z')).toContain(formatDate('2026-12-01T23:59:00Z'));
    expect(formatDate(new Date('2026-12-01T23:30:00-02:00'))).toBe('December 2, 2026');
  });
  it('read exactly as Intl.DateTimeFormat writes them in en-US, over a century of instants', () => {
    const intlAbsolute = new Intl.DateTimeFormat('en-US', {
      weekday: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'UTC',
    });
    const intlDate = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
    // From 1970 to 2100 every 57 hours, 7 minutes and a few seconds, with the last
    // millisecond of that day and February 29 (or March 1) of that year: every weekday,
    // month, hour and minute, leap days included.
    const step = ((57 * 60 + 7) * 60 + 13) * 1000 + 17;
    let checked = 0;
    for (let time = 0; time < Date.UTC(2100, 0, 1); time += step) {
      for (const instant of [time, time + 86_399_999, Date.UTC(new Date(time).getUTCFullYear(), 1, 29, 23, 59)]) {
        const date = new Date(instant);
        expect(formatAbsoluteUtc(date)).toBe(`${intlAbsolute.format(date)} UTC`);
        expect(formatDate(date)).toBe(intlDate.format(date));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50_000);
  });
});

describe('relative times', () => {
  it.each([
    [1, 'in less than a minute'],
    [0, 'less than a minute ago'],
    [59, 'in less than a minute'],
    [-59, 'less than a minute ago'],
    [90, 'in 2 minutes'],
    [-MINUTE, '1 minute ago'],
    [-59 * MINUTE, '59 minutes ago'],
    [-59.6 * MINUTE, '1 hour ago'],
    [3 * HOUR, 'in 3 hours'],
    [30 * HOUR, 'in 30 hours'],
    [-47 * HOUR, '47 hours ago'],
    [48 * HOUR, 'in 2 days'],
    // A fresh 72-hour invitation reads "3 days", not "2 days" a second later.
    [72 * HOUR - 1, 'in 3 days'],
    [-10 * DAY, '10 days ago'],
  ])('%i seconds from now reads "%s"', (offset, expected) => {
    expect(formatRelative(at(offset), now)).toBe(expected);
  });

  it('say whether an expiry is ahead or behind', () => {
    expect(formatExpiry(at(2 * DAY + 3 * HOUR), now)).toBe('expires in 2 days');
    expect(formatExpiry(at(-3 * HOUR), now)).toBe('expired 3 hours ago');
    expect(formatExpiry(at(-10), now)).toBe('expired less than a minute ago');
    expect(formatExpiry(at(10).toISOString(), now)).toBe('expires in less than a minute');
    expect(formatExpiry(now, now)).toBe('expired less than a minute ago');
  });
});

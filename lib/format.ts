// Formatting shared by emails and pages. Absolute times are always in UTC with a
// fixed locale, so a server render and the browser's render agree; every page
// shows the same absolute format (a date alone is that format's date part).

// A page formats dozens of instants: a Date is used as it is, not copied by every formatter.
export const asDate = (value: Date | string) => (typeof value === 'string' ? new Date(value) : value);
const asTime = (value: Date | string) => (typeof value === 'string' ? Date.parse(value) : value.getTime());

// Absolute times are put together from the UTC fields rather than by Intl.DateTimeFormat,
// which gives the same text (tests/format.test.ts compares the two) at a far higher cost
// per instant, on pages that show dozens (docs/decisions/011-dates-and-formatting.md).
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const twoDigits = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const datePart = (date: Date) => `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;

/** "Tuesday, December 1, 2026 at 14:05 UTC" */
export function formatAbsoluteUtc(value: Date | string): string {
  const date = asDate(value);
  return `${WEEKDAYS[date.getUTCDay()]}, ${datePart(date)} at ${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())} UTC`;
}

export const ROLE_LABELS = { owner: 'Owner' } as const;

/** "December 1, 2026": the date part of formatAbsoluteUtc, where the time of day does not matter. */
export function formatDate(value: Date | string): string {
  return datePart(asDate(value));
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

/**
 * "in 3 days", "2 hours ago", "in less than a minute": rounded to the nearest
 * unit that reads well. Hours up to two days, since a 72-hour window is
 * counted in hours near its end ("in 30 hours" rather than "in 1 day").
 */
export function formatRelative(target: Date | string, now: Date = new Date()): string {
  const seconds = (asTime(target) - now.getTime()) / 1000;
  const future = seconds > 0;
  if (Math.abs(seconds) < 60) return future ? 'in less than a minute' : 'less than a minute ago';
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(seconds / 3_600);
  if (Math.abs(hours) < 48) return relative.format(hours, 'hour');
  return relative.format(Math.round(seconds / 86_400), 'day');
}

/** "expires in 2 days" or "expired 3 hours ago". */
export function formatExpiry(expiresAt: Date | string, now: Date = new Date()): string {
  const phrase = formatRelative(expiresAt, now);
  return asTime(expiresAt) > now.getTime() ? `expires ${phrase}` : `expired ${phrase}`;
}

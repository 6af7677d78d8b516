// Formatting shared by emails and pages: absolute times are always shown in UTC.
const absolute = new Intl.DateTimeFormat('en-US', {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** "Tuesday, December 1, 2026 at 14:05 UTC" */
export function formatAbsoluteUtc(date: Date): string {
  return `${absolute.format(date)} UTC`;
}

export const ROLE_LABELS = { owner: 'Owner' } as const;

const shortDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** "Nov 28, 2026" (UTC, fixed locale, so server and client renders agree). */
export function formatDate(iso: string | Date): string {
  return shortDate.format(new Date(iso));
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "in 3 days", "2 hours ago": the largest unit that fits. */
export function formatRelative(target: Date, now: Date = new Date()): string {
  const seconds = Math.round((target.getTime() - now.getTime()) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return relative.format(seconds, 'second');
}

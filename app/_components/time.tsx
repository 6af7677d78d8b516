import { asDate, formatAbsoluteUtc, formatDate, formatExpiry, formatRelative } from '@/lib/format';

const SHOW = {
  absolute: formatAbsoluteUtc,
  date: formatDate,
  relative: (value: Date) => formatRelative(value),
  expiry: (value: Date) => formatExpiry(value),
};

/**
 * Every date or time the UI shows: a <time> carrying the exact instant, with the
 * absolute UTC time as its tooltip. Relative wording depends on the clock, so the
 * browser's render may differ from the server's by a minute: that is expected.
 * A string is an instant as toISOString() writes it (the lists' DTOs carry them so).
 */
export function Time({ value, show }: { value: Date | string; show: keyof typeof SHOW }) {
  const relative = show === 'relative' || show === 'expiry';
  const date = asDate(value);
  return (
    <time dateTime={typeof value === 'string' ? value : date.toISOString()} title={formatAbsoluteUtc(date)} suppressHydrationWarning={relative}>
      {SHOW[show](date)}
    </time>
  );
}

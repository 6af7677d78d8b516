import { getConfig } from '@/server/config';

const MAX_LENGTH = 2000;
// Browsers drop tabs and newlines inside URLs and read "\" as "/", so "/\t/evil" and "/\evil" mean "//evil".
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f\\]/;

/**
 * The path (with query and fragment) a caller-supplied redirect target names on
 * APP_URL's origin, or "/" for anything else: another origin, a scheme such as
 * javascript:, a protocol-relative "//host", a control character or a backslash.
 * An absolute URL on APP_URL's origin is accepted (Auth.js hands those back).
 */
export function safeReturnPath(value: unknown, appUrl: string = getConfig().appUrl): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH || UNSAFE_CHARACTER.test(value)) return '/';
  const origin = new URL(appUrl).origin;
  let url: URL;
  try {
    if (value.startsWith('/')) {
      if (value.startsWith('//')) return '/';
      url = new URL(value, origin);
    } else {
      url = new URL(value);
    }
  } catch {
    return '/';
  }
  if (url.origin !== origin) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can collapse into a protocol-relative path: "/.//evil" becomes "//evil".
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}

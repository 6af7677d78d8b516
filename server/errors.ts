// One error type for everything a person may be told. Anything else is a bug:
// it is logged with a request id and shown as a generic message.
export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'PRECONDITION_FAILED';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    /** Safe to show to the person who made the request. */
    readonly userMessage: string,
    /** Which form field the message is about, if any. */
    readonly field?: string,
  ) {
    super(userMessage);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'Page') => new AppError('NOT_FOUND', `${what} not found.`);

/** Every refused page cursor says this: a link someone kept, edited or made up. */
export const INVALID_PAGE_LINK_MESSAGE = 'This page link is not valid.';

export const GENERIC_ERROR_MESSAGE = 'Something went wrong on our side. Please try again in a moment.';

export const DATABASE_UNAVAILABLE_MESSAGE = 'We cannot reach our database right now. Please try again in a moment.';

const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATE: 57P01-03 shutdown / cannot connect now, 53300 too many connections.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|not queryable|Connection ended|the database system is (starting up|shutting down)/i;

/**
 * True when an error means "the database cannot be reached" (refused, cut,
 * restarting, out of connections) rather than a bug: the request is answered
 * with 503 and a plain explanation, and a retry later will work.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) return true;
    if (UNAVAILABLE_MESSAGES.test(current.message)) return true;
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}

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

export const GENERIC_ERROR_MESSAGE = 'Something went wrong on our side. Please try again in a moment.';

import type { z } from 'zod';
import { AppError } from './errors';

/** Parses service input; a failure becomes a BAD_REQUEST naming the problem. */
/** `field` names the form field when the schema is for a single value. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, field?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') || field;
  throw new AppError('BAD_REQUEST', issue?.message ?? 'That input is not valid.', path);
}

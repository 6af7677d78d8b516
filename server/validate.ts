import type { z } from 'zod';
import { AppError } from './errors';

/**
 * Parses what a server action received into a service's typed input (services
 * take parsed input only; tRPC procedures parse with `.input()`). A failure
 * becomes a BAD_REQUEST naming the problem; `field` names the form field when
 * the schema is for a single value.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, field?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const path = result.error.issues[0]?.path.map(String).join('.') || field;
  throw new AppError('BAD_REQUEST', firstIssueMessage(result.error), path);
}

/** The first message of a failed parse, for a person to read. */
export function firstIssueMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'That input is not valid.';
}

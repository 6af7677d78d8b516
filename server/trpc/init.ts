import { initTRPC, TRPCError } from '@trpc/server';
import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import type { DB } from '@/db';
import { type Actor, requireActor } from '@/server/actor';
import { withFairShare } from '@/server/fair-share';
import { AppError, DATABASE_UNAVAILABLE_MESSAGE, GENERIC_ERROR_MESSAGE, isDatabaseUnavailable } from '@/server/errors';
import { errorFields, log } from '@/server/log';
import { firstIssueMessage } from '@/server/validate';

/** Larger API request bodies are refused with 413 before they are read in full (an invitation is a few hundred bytes). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export type TRPCContext = { db: DB; actor: Actor | null; requestId: string };

export function createContext(opts: { db: DB; actor: Actor | null; requestId?: string }): TRPCContext {
  return { ...opts, requestId: opts.requestId ?? randomUUID() };
}

/** Codes whose own message is not for people (internals, or tRPC's bare code name). */
const MESSAGES_BY_CODE: Partial<Record<TRPCError['code'], string>> = {
  INTERNAL_SERVER_ERROR: GENERIC_ERROR_MESSAGE,
  PAYLOAD_TOO_LARGE: `This request is too large: the API accepts at most ${MAX_REQUEST_BODY_BYTES / 1024 / 1024} MB.`,
};

const t = initTRPC.context<TRPCContext>().create({
  // Plain JSON on the wire (no transformer) so any script can call the API with curl.
  errorFormatter({ shape, error }) {
    const message = MESSAGES_BY_CODE[error.code] ?? shape.message;
    // No stack traces to clients, in any environment.
    return { message, code: shape.code, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path } };
  },
});

/**
 * Turns the domain's AppError into the matching tRPC code and an input
 * validation failure into its first message; logs anything unexpected.
 */
const mapErrors = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (result.ok) return result;
  const { cause } = result.error;
  if (cause instanceof AppError) throw new TRPCError({ code: cause.code, message: cause.userMessage, cause });
  if (cause instanceof ZodError) throw new TRPCError({ code: 'BAD_REQUEST', message: firstIssueMessage(cause), cause });
  if (isDatabaseUnavailable(cause)) {
    log.warn('database unavailable', { path, requestId: ctx.requestId, ...errorFields(cause) });
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE, cause });
  }
  if (result.error.code === 'INTERNAL_SERVER_ERROR') {
    log.error('procedure failed', { path, requestId: ctx.requestId, ...errorFields(cause ?? result.error) });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);
export const protectedProcedure = publicProcedure.use(async ({ ctx, next, getRawInput }) => {
  const actor = requireActor(ctx.actor);
  const raw = await getRawInput().catch(() => undefined);
  const orgId = raw && typeof raw === 'object' && 'orgId' in raw && typeof raw.orgId === 'string' ? raw.orgId : undefined;
  return withFairShare(actor, orgId, () => next({ ctx: { ...ctx, actor } }));
});

// The app's tRPC router called in the test process, as a given person (or nobody).
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { db } from '@/db';
import type { Actor } from '@/server/actor';
import { createContext } from '@/server/trpc/init';
import { createCaller } from '@/server/trpc/root';

export const callerFor = (actor: Actor | null) => createCaller(createContext({ db, actor }));

/** Calls a procedure by its dotted path ("org.member.list"), for tables generated from the router. */
export function callPath(actor: Actor | null, path: string, input: unknown): Promise<unknown> {
  const procedure = path.split('.').reduce<any>((node, key) => node[key], callerFor(actor));
  return procedure(input);
}

export async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

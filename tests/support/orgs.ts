import { sql } from 'kysely';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { db } from '@/db';
import type { Actor } from '@/server/actor';
import { newActivationToken } from '@/server/invitations/activation-token';
import { hashToken } from '@/server/secrets';
import { createOrganization } from '@/server/orgs/organizations';
import { createContext } from '@/server/trpc/init';
import { createCaller } from '@/server/trpc/root';
import { createUser } from './factories';

export const callerFor = (actor: Actor | null) => createCaller(createContext({ db, actor }));

export async function orgWithOwner(name = 'Acme') {
  const owner = await createUser({ name: 'Olivia Owner' });
  const org = await createOrganization(db, owner, { name });
  return { owner, org };
}

/** Adds an existing (or new) person to an organization as Owner. */
export async function addOwner(orgId: string, person?: Actor): Promise<Actor> {
  const member = person ?? (await createUser());
  await db.insertInto('memberships').values({ organization_id: orgId, user_id: member.userId, role: 'owner' }).execute();
  return member;
}

/** Plants invitations straight into the table (fast setup for limit tests). */
export async function plantInvitations(orgId: string, invitedBy: string, count: number, options: { expired?: boolean; prefix?: string } = {}) {
  if (count === 0) return;
  await db
    .insertInto('invitations')
    .values(
      Array.from({ length: count }, (_, i) => ({
        organization_id: orgId,
        email: `${options.prefix ?? 'planted'}${i}@example.com`,
        role: 'owner' as const,
        token_hash: newActivationToken().hash,
        invited_by: invitedBy,
        expires_at: options.expired ? sql<Date>`now() - interval '1 hour'` : sql<Date>`now() + interval '72 hours'`,
      })),
    )
    .execute();
}

/** An invitation with a known token, for activation tests. */
export async function plantInvitation(orgId: string, invitedBy: string, email: string, overrides: Record<string, unknown> = {}) {
  const { token } = newActivationToken();
  const row = await db
    .insertInto('invitations')
    .values({
      organization_id: orgId,
      email,
      role: 'owner',
      token_hash: hashToken(token),
      invited_by: invitedBy,
      expires_at: sql<Date>`now() + interval '72 hours'`,
      ...overrides,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, id: row.id };
}

export async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** Row counts of everything a refused request must leave alone. */
export async function snapshot() {
  const count = async (table: 'invitations' | 'memberships' | 'audit_events' | 'User' | 'Session') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const invitationState = await db.selectFrom('invitations').select(['id', 'token_hash', 'expires_at', 'accepted_at', 'withdrawn_at', 'send_count']).orderBy('id').execute();
  return {
    invitations: await count('invitations'),
    memberships: await count('memberships'),
    audit: await count('audit_events'),
    users: await count('User'),
    sessions: await count('Session'),
    invitationState: JSON.stringify(invitationState),
  };
}

/** Calls a procedure by its dotted path ("org.member.list"), for tables generated from the router. */
export function callPath(actor: Actor | null, path: string, input: unknown): Promise<unknown> {
  const procedure = path.split('.').reduce<any>((node, key) => node[key], callerFor(actor));
  return procedure(input);
}

/** Email jobs waiting in graphile-worker's table. */
export async function queuedJobCount(): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs`.execute(db);
  return Number(rows[0]!.n);
}

import { type Expression, type SqlBool, sql } from 'kysely';
import type { DB, Tx } from '@/db';
import type { Role } from '@/db/types';
import { type Actor, requireActor } from '@/server/actor';
import { notFound } from '@/server/errors';

export type OrgMembership = { orgId: string; orgName: string; role: Role; membershipId: string; actor: Actor };

/**
 * The authorization check of every organization-scoped operation: the actor
 * must be a member. Anyone else learns nothing, not even that the org exists.
 */
export async function requireMembership(executor: DB | Tx, actor: Actor | null, orgId: string): Promise<OrgMembership> {
  const signedIn = actorForOrganization(actor, orgId);
  const row = await executor
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['o.id as orgId', 'o.name as orgName', 'm.role', 'm.id as membershipId'])
    .where('m.organization_id', '=', orgId)
    .where('m.user_id', '=', signedIn.userId)
    .executeTakeFirst();
  if (!row) throw notFound('Organization');
  return { ...row, actor: signedIn };
}

/**
 * The checks of requireMembership that need no database: signed in and (for an
 * API token) its own organization. A caller that folds the membership lookup
 * into a query of its own starts here.
 */
export function actorForOrganization(actor: Actor | null, orgId: string): Actor {
  const signedIn = requireActor(actor);
  // An API token works for its own organization only; elsewhere it learns nothing.
  if (signedIn.token && signedIn.token.orgId !== orgId) throw notFound('Organization');
  return signedIn;
}

/**
 * An organization-scoped read in one round trip: `run` gets the membership check
 * as a condition (`where(isMember)`), so a member's read costs one statement.
 * Only an empty answer needs a second look, to tell "not a member" (the usual
 * 404, nothing learned) from "nothing to show".
 */
export async function readAsMember<R>(
  db: DB,
  actor: Actor | null,
  orgId: string,
  run: (isMember: Expression<SqlBool>) => Promise<R[]>,
): Promise<R[]> {
  const signedIn = actorForOrganization(actor, orgId);
  const rows = await run(sql<SqlBool>`exists (${membershipIdQuery(db, orgId, signedIn.userId)})`);
  if (rows.length === 0) await requireMembership(db, signedIn, orgId);
  return rows;
}

/** The id of `userId`'s membership of the organization (no row if none): a subquery for checks folded into larger statements. */
export function membershipIdQuery(executor: DB | Tx, orgId: string, userId: string) {
  return executor.selectFrom('memberships').select('id').where('organization_id', '=', orgId).where('user_id', '=', userId);
}

// The activation page's states: what a link (a token) leads to, for the person who opened it.
import { sql } from 'kysely';
import type { DB, Tx } from '@/db';
import type { Role } from '@/db/types';
import type { Actor } from '@/server/actor';
import { hashToken } from '@/server/secrets';
import { looksLikeActivationToken } from './activation-token';

export type InvitationDetails = {
  orgId: string;
  organizationName: string;
  email: string;
  role: Role;
  inviter: { name: string | null; email: string } | null;
  expiresAt: string;
};

/** Everything the activation page can show, decided on the server. */
export type InvitationLanding =
  | { state: 'unknown' }
  | { state: 'withdrawn' | 'used' | 'expired'; details: InvitationDetails }
  | { state: 'valid'; details: InvitationDetails; signedIn: boolean; needsName: boolean }
  | { state: 'wrong-account'; details: InvitationDetails; signedInEmail: string }
  | { state: 'already-member'; details: InvitationDetails };

type Found = InvitationDetails & { id: string; acceptedAt: Date | null; withdrawnAt: Date | null; expired: boolean };

async function findByToken(executor: DB | Tx, token: string, lock: boolean): Promise<Found | null> {
  if (!looksLikeActivationToken(token)) return null;
  let query = executor
    .selectFrom('invitations as i')
    .innerJoin('organizations as o', 'o.id', 'i.organization_id')
    .leftJoin('User as u', 'u.id', 'i.invited_by')
    .select([
      'i.id',
      'i.organization_id as orgId',
      'o.name as organizationName',
      'i.email',
      'i.role',
      'u.name as inviterName',
      'u.email as inviterEmail',
      'i.expires_at',
      'i.accepted_at as acceptedAt',
      'i.withdrawn_at as withdrawnAt',
      sql<boolean>`i.expires_at <= now()`.as('expired'),
    ])
    .where('i.token_hash', '=', hashToken(token));
  if (lock) query = query.forUpdate('i');
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const { inviterName, inviterEmail, expires_at, ...rest } = row;
  return { ...rest, inviter: inviterEmail ? { name: inviterName, email: inviterEmail } : null, expiresAt: expires_at.toISOString() };
}

async function isMember(executor: DB | Tx, orgId: string, userId: string): Promise<boolean> {
  const row = await executor.selectFrom('memberships').select('id').where('organization_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
  return Boolean(row);
}

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

async function classify(executor: DB | Tx, found: Found | null, actor: Actor | null): Promise<InvitationLanding> {
  if (!found) return { state: 'unknown' };
  const { id: _id, acceptedAt, withdrawnAt, expired, ...details } = found;
  if (withdrawnAt) return { state: 'withdrawn', details };
  const member = actor ? await isMember(executor, details.orgId, actor.userId) : false;
  if (acceptedAt) return member ? { state: 'already-member', details } : { state: 'used', details };
  if (expired) return { state: 'expired', details };
  if (actor && !sameAddress(actor.email, details.email)) return { state: 'wrong-account', details, signedInEmail: actor.email };
  if (member) return { state: 'already-member', details };
  let needsName = false;
  if (!actor) {
    const user = await executor.selectFrom('User').select('name').where('email', '=', details.email).executeTakeFirst();
    needsName = !user?.name;
  }
  return { state: 'valid', details, signedIn: Boolean(actor), needsName };
}

/** What the activation page shows. Reading it changes nothing (mail scanners open links). */
export async function getInvitationLanding(db: DB, actor: Actor | null, token: string): Promise<InvitationLanding> {
  return classify(db, await findByToken(db, token, false), actor);
}

/**
 * The same, inside the transaction that accepts the invitation: its row stays
 * locked until the transaction ends, which makes the link single-use under
 * concurrent requests.
 */
export async function lockInvitationLanding(tx: Tx, actor: Actor | null, token: string): Promise<{ landing: InvitationLanding; invitationId: string | null }> {
  const found = await findByToken(tx, token, true);
  return { landing: await classify(tx, found, actor), invitationId: found?.id ?? null };
}

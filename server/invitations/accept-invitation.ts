import { sql } from 'kysely';
import type { DB, Tx } from '@/db';
import type { Role } from '@/db/types';
import type { Actor } from '@/server/actor';
import { recordAuditEvent } from '@/server/audit/record-audit-event';
import { SESSION_MAX_AGE_SECONDS } from '@/server/auth/sessions';
import { AppError, type AppErrorCode } from '@/server/errors';
import { type AcceptInvitationInput, NAME_REQUIRED_MESSAGE } from '@/server/schemas';
import { hashToken, randomToken } from '@/server/secrets';
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

const REFUSALS: Record<Exclude<InvitationLanding['state'], 'valid'>, [AppErrorCode, string]> = {
  unknown: ['NOT_FOUND', 'This invitation link is not valid. Check that you copied the whole link.'],
  withdrawn: ['PRECONDITION_FAILED', 'This invitation is no longer valid: it was withdrawn.'],
  used: ['CONFLICT', 'This invitation is no longer valid: it has already been used.'],
  expired: ['PRECONDITION_FAILED', 'This invitation has expired. Ask the person who invited you to resend it.'],
  'wrong-account': ['CONFLICT', 'You are signed in with a different address than the one invited. Sign out to accept it.'],
  'already-member': ['CONFLICT', 'You are already a member of this organization.'],
};

const refusal = (state: keyof typeof REFUSALS) => new AppError(...REFUSALS[state]);

export type AcceptResult = { orgId: string; organizationName: string; userId: string; session: { token: string; expires: Date } | null };

/**
 * Accepts an invitation: the account is created if needed (the link proves the
 * address), the person becomes an Owner, the secret is consumed and, for a
 * visitor who was not signed in, a session starts. One transaction; the row
 * lock on the invitation makes the link single-use under concurrent requests.
 */
export async function acceptInvitation(db: DB, actor: Actor | null, input: AcceptInvitationInput): Promise<AcceptResult> {
  return db.transaction().execute(async (tx) => {
    const found = await findByToken(tx, input.token, true);
    const landing = await classify(tx, found, actor);
    if (landing.state !== 'valid' || !found) throw refusal(landing.state === 'valid' ? 'unknown' : landing.state);

    let userId: string;
    let session: AcceptResult['session'] = null;
    if (actor) {
      userId = actor.userId;
    } else {
      const name = landing.needsName ? input.name : null;
      if (name === undefined) throw new AppError('BAD_REQUEST', NAME_REQUIRED_MESSAGE, 'name');
      userId = await findOrCreateUser(tx, found.email, name);
      session = { token: randomToken(), expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) };
      await tx.insertInto('Session').values({ sessionToken: session.token, userId, expires: session.expires }).execute();
    }

    const joined = await tx
      .insertInto('memberships')
      .values({ organization_id: found.orgId, user_id: userId, role: found.role })
      .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!joined) throw refusal('already-member');
    await tx.updateTable('invitations').set({ accepted_at: sql<Date>`now()`, accepted_by: userId }).where('id', '=', found.id).execute();
    await recordAuditEvent(tx, {
      organizationId: found.orgId,
      actor: actor ?? { userId },
      action: 'invitation.accepted',
      target: { type: 'invitation', id: found.id },
      metadata: { email: found.email, role: found.role },
    });
    return { orgId: found.orgId, organizationName: found.organizationName, userId, session };
  });
}

/** The account of an address the link proved; created (or named) if needed. */
async function findOrCreateUser(tx: Tx, email: string, name: string | null): Promise<string> {
  const created = await tx
    .insertInto('User')
    .values({ id: crypto.randomUUID(), email, name, emailVerified: new Date() })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (created) return created.id;
  const existing = await tx
    .updateTable('User')
    .set((eb) => ({ name: eb.fn.coalesce('name', eb.val(name)), emailVerified: eb.fn.coalesce('emailVerified', sql<Date>`now()`) }))
    .where('email', '=', email)
    .returning('id')
    .executeTakeFirstOrThrow();
  return existing.id;
}

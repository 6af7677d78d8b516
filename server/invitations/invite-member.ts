import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DB, Tx } from '@/db';
import type { Actor } from '@/server/actor';
import { recordAuditEvent } from '@/server/audit/record-audit-event';
import { AppError, notFound } from '@/server/errors';
import { lockOrganizationAsMember, tryLockOrganizationAsMember } from '@/server/orgs/organization-lock';
import { consumeRateLimit, invitationEmailLimit } from '@/server/rate-limit';
import { actorForOrganization, membershipIdQuery } from '@/server/orgs/membership';
import type { InviteMemberInput } from '@/server/schemas';
import { WithStatement } from '@/server/sql/with-statement';
import { assertBelowPendingLimit, pendingInvitationsQuery } from './pending-limit';
import { INVITATION_TTL_HOURS } from './policy';
import { enqueueInvitationEmail } from '@/server/queue/jobs';
import { newActivationToken } from './activation-token';

export type InviteResult = { invitationId: string; email: string };

/**
 * Invites one address to the organization: invitation, audit event and email
 * job in one transaction. The rules are checked under the organization lock,
 * where they are authoritative. When the lock is busy (many invites at once),
 * they are checked once before waiting for it too: a refusal, e.g. at the
 * 50-pending limit, then costs no waiting.
 */
export async function inviteMember(db: DB, actor: Actor | null, input: InviteMemberInput): Promise<InviteResult> {
  const { orgId, email, role } = input;
  const inviter = actorForOrganization(actor, orgId);

  return db.transaction().execute(async (tx) => {
    if (!(await tryLockOrganizationAsMember(tx, orgId, inviter.userId))) {
      // Busy (or not a member): check first without the lock, so a refusal does not queue for it.
      assertInvitable(await inspectAddress(tx, inviter, orgId, email));
      await lockOrganizationAsMember(tx, orgId, inviter.userId);
    }
    assertInvitable(await inspectAddress(tx, inviter, orgId, email));

    const { token, hash } = newActivationToken();
    const invitationId = randomUUID();
    // One statement (one round trip): the email rate limit's count and record, the
    // invitation, its audit event and its email job. The id is chosen here, so no
    // part needs another's output; a full rate limit throws when it is sent and the
    // transaction takes every part back.
    const statement = new WithStatement(tx);
    await consumeRateLimit(statement, invitationEmailLimit(orgId));
    statement.add(
      'invitation',
      tx.insertInto('invitations').values({
        id: invitationId,
        organization_id: orgId,
        email,
        role,
        token_hash: hash,
        invited_by: inviter.userId,
        expires_at: sql<Date>`now() + make_interval(hours => ${INVITATION_TTL_HOURS})`,
      }),
    );
    await recordAuditEvent(statement, {
      organizationId: orgId,
      actor: inviter,
      action: 'member.invited',
      target: { type: 'invitation', id: invitationId },
      metadata: { email, role },
    });
    // The email is queued in this transaction: it exists if and only if the invitation does.
    await enqueueInvitationEmail(statement, { id: invitationId, sendCount: 1, token });
    await statement.send();
    return { invitationId, email };
  });
}

type AddressInspection = {
  inviterMembership: string | null;
  memberEmail: string | null;
  openEmail: string | null;
  openExpired: boolean | null;
  pending: string;
};

/**
 * In one round trip: is the inviter a member (the authorization check), is the
 * address a member, does it have an open invitation, how many are pending.
 */
function inspectAddress(executor: DB | Tx, inviter: Actor, orgId: string, email: string): Promise<AddressInspection> {
  const open = (column: 'email' | 'expired') =>
    executor
      .selectFrom('invitations')
      .select(column === 'email' ? sql<string>`email`.as('v') : sql<boolean>`expires_at <= now()`.as('v'))
      .where('organization_id', '=', orgId)
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .where('withdrawn_at', 'is', null);
  return executor
    .selectNoFrom((eb) => [
      membershipIdQuery(executor, orgId, inviter.userId).as('inviterMembership'),
      eb
        .selectFrom('memberships as m')
        .innerJoin('User as u', 'u.id', 'm.user_id')
        .select('u.email')
        .where('m.organization_id', '=', orgId)
        .where('u.email', '=', email)
        .as('memberEmail'),
      open('email').as('openEmail'),
      open('expired').as('openExpired'),
      pendingInvitationsQuery(executor, orgId).as('pending'),
    ])
    .executeTakeFirstOrThrow() as Promise<AddressInspection>;
}

function assertInvitable(found: AddressInspection): void {
  // Not a member: the same answer as for an organization that does not exist, and nothing about the address.
  if (!found.inviterMembership) throw notFound('Organization');
  if (found.memberEmail) throw new AppError('CONFLICT', `${found.memberEmail} is already a member of this organization.`, 'email');
  if (found.openEmail) {
    throw new AppError(
      'CONFLICT',
      found.openExpired
        ? `The invitation to ${found.openEmail} has expired. Use "Resend" in the list below to send a new link.`
        : `${found.openEmail} already has a pending invitation. Use "Resend" in the list below to send it again.`,
      'email',
    );
  }
  assertBelowPendingLimit(Number(found.pending));
}

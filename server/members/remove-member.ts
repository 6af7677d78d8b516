import { sql } from 'kysely';
import type { DB } from '@/db';
import type { Actor } from '@/server/actor';
import { recordAuditEvent } from '@/server/audit/record-audit-event';
import { AppError } from '@/server/errors';
import { lockOrganizationAsMember } from '@/server/orgs/organization-lock';
import { actorForOrganization, requireMembership } from '@/server/orgs/membership';
import type { RemoveMemberInput } from '@/server/schemas';

export type RemoveResult = { email: string; removedSelf: boolean; withdrawnInvitations: number };

/**
 * Removes a member for good: the membership and their API tokens in the
 * organization go (every request checks both, so access ends at once), the
 * invitations they sent are withdrawn, and someone left in no organization is
 * signed out.
 * The organization lock makes "never the last Owner" hold under concurrent removals.
 */
export async function removeMember(db: DB, actor: Actor | null, input: RemoveMemberInput): Promise<RemoveResult> {
  const { orgId, userId } = input;
  return db.transaction().execute(async (tx) => {
    const signedIn = actorForOrganization(actor, orgId);
    await lockOrganizationAsMember(tx, orgId, signedIn.userId);
    // Checked again after the lock: a remover removed a moment ago is no longer a member.
    const { actor: me } = await requireMembership(tx, signedIn, orgId);
    const target = await tx
      .selectFrom('memberships as m')
      .innerJoin('User as u', 'u.id', 'm.user_id')
      .select(['m.id', 'm.role', 'u.email'])
      .where('m.organization_id', '=', orgId)
      .where('m.user_id', '=', userId)
      .executeTakeFirst();
    if (!target) throw new AppError('NOT_FOUND', 'Member not found. They may have been removed already.');

    if (target.role === 'owner') {
      const { owners } = await tx
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<string>().as('owners'))
        .where('organization_id', '=', orgId)
        .where('role', '=', 'owner')
        .executeTakeFirstOrThrow();
      if (Number(owners) <= 1) {
        throw new AppError(
          'PRECONDITION_FAILED',
          `${target.email} is the only Owner of this organization, and an organization needs at least one. Invite another Owner first.`,
        );
      }
    }

    // Their API tokens in this organization go with the membership (foreign key cascade).
    await tx.deleteFrom('memberships').where('id', '=', target.id).execute();
    const elsewhere = await tx.selectFrom('memberships').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst();
    // Someone who now belongs nowhere is signed out everywhere.
    if (!elsewhere) await tx.deleteFrom('Session').where('userId', '=', userId).execute();
    const withdrawn = await tx
      .updateTable('invitations')
      .set({ withdrawn_at: sql<Date>`now()`, withdrawn_by: me.userId })
      .where('organization_id', '=', orgId)
      .where('invited_by', '=', userId)
      .where('accepted_at', 'is', null)
      .where('withdrawn_at', 'is', null)
      .returning('id')
      .execute();
    await recordAuditEvent(tx, {
      organizationId: orgId,
      actor: me,
      action: 'member.removed',
      target: { type: 'user', id: userId },
      metadata: { email: target.email, withdrawnInvitations: withdrawn.length },
    });
    return { email: target.email, removedSelf: userId === me.userId, withdrawnInvitations: withdrawn.length };
  });
}

import { sql } from 'kysely';
import type { DB } from '@/db';
import type { Actor } from '@/server/actor';
import { recordAuditEvent } from '@/server/audit/record-audit-event';
import { requireMembership } from '@/server/orgs/membership';
import type { InvitationActionInput } from '@/server/schemas';
import { invitationNotFound } from './errors';

/** Withdraws an open invitation: its link then says it is no longer valid. */
export async function withdrawInvitation(db: DB, actor: Actor | null, input: InvitationActionInput): Promise<{ email: string }> {
  const { orgId, invitationId } = input;
  return db.transaction().execute(async (tx) => {
    const { actor: me } = await requireMembership(tx, actor, orgId);
    const withdrawn = await tx
      .updateTable('invitations')
      .set({ withdrawn_at: sql<Date>`now()`, withdrawn_by: me.userId })
      .where('id', '=', invitationId)
      .where('organization_id', '=', orgId)
      .where('accepted_at', 'is', null)
      .where('withdrawn_at', 'is', null)
      .returning(['id', 'email'])
      .executeTakeFirst();
    if (!withdrawn) throw invitationNotFound();
    await recordAuditEvent(tx, {
      organizationId: orgId,
      actor: me,
      action: 'invitation.withdrawn',
      target: { type: 'invitation', id: withdrawn.id },
      metadata: { email: withdrawn.email },
    });
    return { email: withdrawn.email };
  });
}

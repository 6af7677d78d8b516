import type { DB } from '@/db';
import type { Actor } from '@/server/actor';
import { recordAuditEvent } from '@/server/audit/record-audit-event';
import { AppError } from '@/server/errors';
import { requireMembership } from '@/server/orgs/membership';
import type { TokenActionInput } from '@/server/schemas';
import { refuseTokenManagementByToken } from './api-token';

/** Deletes a token; it stops working with the next request. */
export async function revokeApiToken(db: DB, actor: Actor | null, input: TokenActionInput): Promise<{ description: string }> {
  const { orgId, tokenId } = input;
  refuseTokenManagementByToken(actor);
  return db.transaction().execute(async (tx) => {
    const { actor: me } = await requireMembership(tx, actor, orgId);
    const revoked = await tx
      .deleteFrom('api_tokens')
      .where('id', '=', tokenId)
      .where('organization_id', '=', orgId)
      .returning(['id', 'description', 'token_prefix', 'user_id'])
      .executeTakeFirst();
    if (!revoked) throw new AppError('NOT_FOUND', 'Token not found. It may have been revoked already.');
    await recordAuditEvent(tx, {
      organizationId: orgId,
      actor: me,
      action: 'token.revoked',
      target: { type: 'token', id: revoked.id },
      metadata: { description: revoked.description, prefix: revoked.token_prefix, ownerUserId: revoked.user_id },
    });
    return { description: revoked.description };
  });
}


import { sql } from 'kysely';
import type { DB } from '@/db';
import type { Actor } from '@/server/actor';
import { recordAuditEvent } from '@/server/audit/record-audit-event';
import { AppError } from '@/server/errors';
import { requireMembership } from '@/server/orgs/membership';
import type { CreateTokenInput } from '@/server/schemas';
import { hashToken, randomToken } from '@/server/secrets';
import { refuseTokenManagementByToken, TOKEN_PREFIX } from './api-token';

export const TOKEN_LIMIT_PER_MEMBER = 100;

/** Creates a personal token for the actor in this organization; the token is returned this once. */
export async function createApiToken(db: DB, actor: Actor | null, input: CreateTokenInput): Promise<{ token: string; id: string; prefix: string; description: string }> {
  const { orgId, description } = input;
  refuseTokenManagementByToken(actor);
  return db.transaction().execute(async (tx) => {
    const { actor: me, membershipId } = await requireMembership(tx, actor, orgId);
    // Lock the membership so concurrent creations cannot pass the cap together.
    await sql`select 1 from memberships where id = ${membershipId} for no key update`.execute(tx);
    const { count } = await tx
      .selectFrom('api_tokens')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('membership_id', '=', membershipId)
      .executeTakeFirstOrThrow();
    if (Number(count) >= TOKEN_LIMIT_PER_MEMBER) {
      throw new AppError(
        'PRECONDITION_FAILED',
        `You already have ${TOKEN_LIMIT_PER_MEMBER} tokens in this organization, the most a member can have. Revoke one you no longer use first.`,
        'description',
      );
    }
    const token = `${TOKEN_PREFIX}${randomToken()}`;
    const prefix = token.slice(0, 12);
    const row = await tx
      .insertInto('api_tokens')
      .values({ membership_id: membershipId, organization_id: orgId, user_id: me.userId, description, token_prefix: prefix, token_hash: hashToken(token) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAuditEvent(tx, {
      organizationId: orgId,
      actor: me,
      action: 'token.created',
      target: { type: 'token', id: row.id },
      metadata: { description, prefix },
    });
    return { token, id: row.id, prefix, description };
  });
}


import { sql } from 'kysely';
import { db } from '@/db';
import { newActivationToken } from '@/server/invitations/activation-token';
import { hashToken } from '@/server/secrets';

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

import type { DB } from '@/db';
import type { Actor } from '@/server/actor';
import { requireMembership } from '@/server/orgs/membership';
import type { OrgOnlyInput } from '@/server/schemas';
import { isoUtc } from '@/server/sql/expressions';

export type ApiTokenDto = {
  id: string;
  description: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  owner: { userId: string; email: string };
  mine: boolean;
};

/** Every token of the organization (all members are Owners, and Owners see them all), newest first. */
export async function listApiTokens(db: DB, actor: Actor | null, input: OrgOnlyInput): Promise<ApiTokenDto[]> {
  const { orgId } = input;
  const { actor: me } = await requireMembership(db, actor, orgId);
  const rows = await db
    .selectFrom('api_tokens as t')
    .innerJoin('User as u', 'u.id', 't.user_id')
    .select(['t.id', 't.description', 't.token_prefix', isoUtc('t.created_at').as('createdAt'), isoUtc<string | null>('t.last_used_at').as('lastUsedAt'), 't.user_id', 'u.email'])
    .where('t.organization_id', '=', orgId)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    description: r.description,
    prefix: r.token_prefix,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
    owner: { userId: r.user_id, email: r.email },
    mine: r.user_id === me.userId,
  }));
}


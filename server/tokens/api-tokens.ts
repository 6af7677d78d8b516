import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '@/db';
import type { Actor } from '@/server/actor';
import { recordAuditEvent } from '@/server/audit/record-audit-event';
import { AppError } from '@/server/errors';
import { requireMembership } from '@/server/orgs/membership';
import type { CreateTokenInput, OrgOnlyInput, TokenActionInput } from '@/server/schemas';
import { hashToken, randomToken } from '@/server/secrets';
import { isoUtc } from '@/server/sql/expressions';

export const TOKEN_LIMIT_PER_MEMBER = 100;
const TOKEN_PREFIX = 'mbr_';
// "mbr_" + a randomToken() (256 bits in base64url).
const TOKEN_SHAPE = /^mbr_[A-Za-z0-9_-]{43}$/;

export const looksLikeApiToken = (value: string) => TOKEN_SHAPE.test(value);

/** Whether text (a URL's query, say) carries an API token or a good part of one. */
export const containsApiToken = (text: string) => /mbr_[A-Za-z0-9_-]{20,}/.test(text);

export type ApiTokenDto = {
  id: string;
  description: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  owner: { userId: string; email: string };
  mine: boolean;
};

/**
 * Tokens are managed from a browser session only: a leaked token must not be able
 * to mint tokens that outlive its own revocation, or revoke the ones of others.
 */
function refuseTokenManagementByToken(actor: Actor | null): void {
  if (actor?.token) {
    throw new AppError('FORBIDDEN', 'API tokens cannot create or revoke API tokens. Sign in to Members in a browser to manage tokens.');
  }
}

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

/**
 * The actor a bearer token stands for, or null for an unknown, revoked or
 * removed member's token. Marks the token used at most once a minute.
 */
export async function authenticateApiToken(db: DB, token: string): Promise<Actor | null> {
  if (!looksLikeApiToken(token)) return null;
  const hash = hashToken(token);
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('User as u', 'u.id', 't.user_id')
    .select(['t.id', 't.organization_id', 't.token_hash', 'u.id as userId', 'u.email', 'u.name', sql<boolean>`t.last_used_at is null or t.last_used_at < now() - interval '1 minute'`.as('stale')])
    .where('t.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(hash))) return null;
  if (row.stale) {
    // One writer per minute: concurrent requests with the same token skip the row
    // another one is already updating instead of queueing on its lock.
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: sql<Date>`now()` })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('api_tokens')
          .select('id')
          .where('id', '=', row.id)
          .where((w) => w.or([w('last_used_at', 'is', null), w('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
          .forUpdate()
          .skipLocked(),
      )
      .execute();
  }
  return { userId: row.userId, email: row.email, name: row.name, token: { id: row.id, orgId: row.organization_id } };
}

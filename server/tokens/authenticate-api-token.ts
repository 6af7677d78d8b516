import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '@/db';
import type { Actor } from '@/server/actor';
import { hashToken } from '@/server/secrets';
import { looksLikeApiToken } from './api-token';

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

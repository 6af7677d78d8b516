import type { DB } from '@/db';
import type { AuditAction } from '@/db/types';
import type { Actor } from '@/server/actor';
import { requireMembership } from '@/server/orgs/membership';
import { isoUtc } from '@/server/sql/expressions';
import type { AuditListInput } from '@/server/schemas';

/** A log is read in long runs: twice the lists' page. */
export const AUDIT_PAGE_SIZE = 50;

export type AuditEventDto = {
  id: string;
  action: AuditAction;
  actor: { userId: string; email: string | null; name: string | null } | null;
  /** Set when the actor acted through an API token (its id; the token may since be revoked). */
  viaTokenId: string | null;
  target: { type: string; id: string; label: string | null } | null;
  at: string;
};

export type AuditPage = { items: AuditEventDto[]; nextCursor: string | null };

/** An organization's audit log, newest first, optionally one action only; keyset pages on the id. */
export async function listAuditEvents(db: DB, actor: Actor | null, input: AuditListInput): Promise<AuditPage> {
  const { orgId, cursor, action } = input;
  await requireMembership(db, actor, orgId);
  let query = db
    .selectFrom('audit_events as e')
    .leftJoin('User as u', 'u.id', 'e.actor_user_id')
    .select(['e.id', 'e.action', 'e.actor_user_id', 'e.actor_token_id', 'e.target_type', 'e.target_id', 'e.metadata', isoUtc('e.created_at').as('at'), 'u.email', 'u.name'])
    .where('e.organization_id', '=', orgId)
    .orderBy('e.id', 'desc')
    .limit(AUDIT_PAGE_SIZE + 1);
  if (action) query = query.where('e.action', '=', action);
  if (cursor) query = query.where('e.id', '<', cursor);
  const rows = await query.execute();
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return {
    items: page.map((r) => ({
      id: r.id,
      action: r.action,
      actor: r.actor_user_id ? { userId: r.actor_user_id, email: r.email, name: r.name } : null,
      viaTokenId: r.actor_token_id,
      target: r.target_type && r.target_id ? { type: r.target_type, id: r.target_id, label: targetLabel(r.metadata) } : null,
      at: r.at,
    })),
    nextCursor: rows.length > AUDIT_PAGE_SIZE ? (page.at(-1)?.id ?? null) : null,
  };
}

/** The words that name a target, kept in the event itself (the target may be gone since). */
function targetLabel(metadata: Record<string, unknown>): string | null {
  for (const key of ['email', 'description', 'name']) {
    const value = metadata[key];
    if (typeof value === 'string') return value;
  }
  return null;
}

import type { QueryCreator } from 'kysely';
import type { Database, Tx } from '@/db';
import type { AuditAction } from '@/db/types';

export type AuditEntry = {
  organizationId: string;
  /** Who acted, and through which API token if any. */
  actor: { userId: string; token?: { id: string } } | null;
  action: AuditAction;
  target?: { type: string; id: string };
  metadata?: Record<string, unknown>;
};

/** Writes an audit event; takes a transaction so it commits with the change. */
export async function recordAuditEvent(tx: Tx, entry: AuditEntry): Promise<void> {
  await auditEventInsert(tx, entry).execute();
}

/** The INSERT of an audit event, unexecuted: to send as part of a larger statement (a WITH clause) in the caller's transaction. */
export function auditEventInsert(creator: QueryCreator<Database>, entry: AuditEntry) {
  return creator
    .insertInto('audit_events')
    .values({
      organization_id: entry.organizationId,
      actor_user_id: entry.actor?.userId ?? null,
      actor_token_id: entry.actor?.token?.id ?? null,
      action: entry.action,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      metadata: JSON.stringify(entry.metadata ?? {}),
    });
}

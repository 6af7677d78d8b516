import type { Tx } from '@/db';
import type { AuditAction } from '@/db/types';
import { WithStatement } from '@/server/sql/with-statement';

export type AuditEntry = {
  organizationId: string;
  /** Who acted, and through which API token if any. */
  actor: { userId: string; token?: { id: string } } | null;
  action: AuditAction;
  target?: { type: string; id: string };
  metadata?: Record<string, unknown>;
};

/**
 * Writes an audit event in the caller's transaction, so it commits with the
 * change: at once, or as a clause of the caller's WithStatement.
 */
export async function recordAuditEvent(target: Tx | WithStatement, entry: AuditEntry): Promise<void> {
  const insert = (target instanceof WithStatement ? target.tx : target)
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
  if (target instanceof WithStatement) target.add('audit', insert);
  else await insert.execute();
}

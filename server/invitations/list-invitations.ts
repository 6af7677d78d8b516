import { sql } from 'kysely';
import type { DB } from '@/db';
import type { Role } from '@/db/types';
import type { Actor } from '@/server/actor';
import { readAsMember } from '@/server/orgs/membership';
import { createdMicros, cursorTime, decodeCursor, PAGE_SIZE, toPage } from '@/server/pagination';
import type { InvitationListInput } from '@/server/schemas';
import { isoUtc, startsWith } from '@/server/sql/expressions';
import { countPendingInvitations, pendingInvitationsQuery } from './pending-limit';
import { PENDING_INVITATION_LIMIT } from './policy';

export type InvitationDto = {
  id: string;
  email: string;
  role: Role;
  invitedBy: { name: string | null; email: string } | null;
  createdAt: string;
  expiresAt: string;
  lastSentAt: string;
  sendCount: number;
  expired: boolean;
  /** The latest email's delivery: queued or retrying, delivered, or given up (with a short reason). */
  delivery: { state: 'sending'; retrying: string | null } | { state: 'sent'; at: string } | { state: 'failed'; reason: string };
};

export type InvitationPage = {
  items: InvitationDto[];
  nextCursor: string | null;
  /** Pending (not expired) invitations of the whole organization, and the limit. */
  pendingCount: number;
  limit: number;
};

/** Open invitations (pending or expired; not accepted, not withdrawn), oldest first. */
export async function listInvitations(db: DB, actor: Actor | null, input: InvitationListInput): Promise<InvitationPage> {
  const { orgId, cursor, search } = input;
  const after = cursor ? decodeCursor(cursor) : null;

  const rows = await readAsMember(db, actor, orgId, (isMember) => {
    let query = db
      .selectFrom('invitations as i')
      .leftJoin('User as u', 'u.id', 'i.invited_by')
      .select([
        'i.id as cursorId',
        'i.email',
        'i.role',
        'u.name as inviterName',
        'u.email as inviterEmail',
        isoUtc('i.created_at').as('createdAt'),
        isoUtc('i.expires_at').as('expiresAt'),
        isoUtc('i.last_sent_at').as('lastSentAt'),
        'i.send_count',
        'i.email_status',
        isoUtc<string | null>('i.email_sent_at').as('emailSentAt'),
        'i.email_error',
        sql<boolean>`i.expires_at <= now()`.as('expired'),
        createdMicros('i.created_at').as('cursorMicros'),
        // The same on every row, computed once (an uncorrelated subquery).
        pendingInvitationsQuery(db, orgId).as('pendingCount'),
      ])
      .where(isMember)
      .where('i.organization_id', '=', orgId)
      .where('i.accepted_at', 'is', null)
      .where('i.withdrawn_at', 'is', null)
      .orderBy('i.created_at')
      .orderBy('i.id')
      .limit(PAGE_SIZE + 1);
    if (after) query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('i.created_at', 'i.id'), '>', tuple(cursorTime(after), after.id)));
    if (search) query = query.where((eb) => startsWith(eb.ref('i.email'), search));
    return query.execute();
  });
  // No row to carry the count (nothing open, or nothing matches the search): count on its own.
  const pendingCount = Number(rows[0]?.pendingCount ?? (await countPendingInvitations(db, orgId)));
  const page = toPage(rows, (r) => ({
    id: r.cursorId,
    email: r.email,
    role: r.role,
    invitedBy: r.inviterEmail ? { name: r.inviterName, email: r.inviterEmail } : null,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    lastSentAt: r.lastSentAt,
    sendCount: r.send_count,
    expired: r.expired,
    delivery: deliveryOf(r),
  }));
  return { ...page, pendingCount, limit: PENDING_INVITATION_LIMIT };
}

function deliveryOf(row: { email_status: string; emailSentAt: string | null; email_error: string | null }): InvitationDto['delivery'] {
  if (row.email_status === 'sent' && row.emailSentAt) return { state: 'sent', at: row.emailSentAt };
  if (row.email_status === 'failed') return { state: 'failed', reason: row.email_error ?? 'could not be sent' };
  return { state: 'sending', retrying: row.email_error };
}

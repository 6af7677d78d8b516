import { sql } from 'kysely';
import type { DB } from '@/db';
import type { Role } from '@/db/types';
import type { Actor } from '@/server/actor';
import { readAsMember } from '@/server/orgs/membership';
import { createdMicros, cursorTime, decodeCursor, PAGE_SIZE, toPage } from '@/server/pagination';
import type { MemberListInput } from '@/server/schemas';
import { isoUtc, startsWith } from '@/server/sql/expressions';

export type MemberDto = {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: string; // ISO 8601
};

export type MemberPage = { items: MemberDto[]; nextCursor: string | null };

/**
 * Members in the order they joined, a page at a time (keyset pagination on
 * (created_at, id), so page 1,000 costs what page 1 does).
 */
export async function listMembers(db: DB, actor: Actor | null, input: MemberListInput): Promise<MemberPage> {
  const { orgId, cursor, search } = input;
  const after = cursor ? decodeCursor(cursor) : null;

  const rows = await readAsMember(db, actor, orgId, (isMember) => {
    let query = db
      .selectFrom('memberships as m')
      .innerJoin('User as u', 'u.id', 'm.user_id')
      .select(['m.id as cursorId', 'u.id as userId', 'u.email', 'u.name', 'm.role', isoUtc('m.created_at').as('joinedAt'), createdMicros('m.created_at').as('cursorMicros')])
      .where(isMember)
      .where('m.organization_id', '=', orgId)
      .orderBy('m.created_at')
      .orderBy('m.id')
      .limit(PAGE_SIZE + 1);
    if (after) query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('m.created_at', 'm.id'), '>', tuple(cursorTime(after), after.id)));
    if (search) {
      // email::text: the column is citext; the index is on lower(email::text).
      query = query.where((eb) => eb.or([startsWith(sql<string>`u.email::text`, search), startsWith(eb.ref('u.name'), search)]));
    }
    return query.execute();
  });

  return toPage(rows, (r) => ({ userId: r.userId, email: r.email, name: r.name, role: r.role, joinedAt: r.joinedAt }));
}

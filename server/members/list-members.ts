import { sql } from 'kysely';
import type { DB } from '@/db';
import type { Role } from '@/db/types';
import type { Actor } from '@/server/actor';
import { AppError } from '@/server/errors';
import { requireMembership } from '@/server/orgs/membership';
import { memberListInput } from '@/server/schemas';
import { parseInput } from '@/server/validate';

export const MEMBER_PAGE_SIZE = 50;

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
export async function listMembers(db: DB, actor: Actor | null, input: unknown): Promise<MemberPage> {
  const { orgId, cursor, search } = parseInput(memberListInput, input);
  await requireMembership(db, actor, orgId);
  const after = cursor ? decodeCursor(cursor) : null;

  let query = db
    .selectFrom('memberships as m')
    .innerJoin('User as u', 'u.id', 'm.user_id')
    .select([
      'm.id as membershipId',
      'u.id as userId',
      'u.email',
      'u.name',
      'm.role',
      'm.created_at as joinedAt',
      sql<string>`(extract(epoch from m.created_at) * 1000000)::bigint::text`.as('joinedMicros'),
    ])
    .where('m.organization_id', '=', orgId)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .limit(MEMBER_PAGE_SIZE + 1);

  if (after) {
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('m.created_at', 'm.id'), '>', tuple(sql<Date>`timestamptz 'epoch' + ${after.micros}::bigint * interval '1 microsecond'`, after.id)),
    );
  }
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('u.email', 'ilike', pattern), eb('u.name', 'ilike', pattern)]));
  }

  const rows = await query.execute();
  const page = rows.slice(0, MEMBER_PAGE_SIZE);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ userId: r.userId, email: r.email, name: r.name, role: r.role, joinedAt: r.joinedAt.toISOString() })),
    nextCursor: rows.length > MEMBER_PAGE_SIZE && last ? encodeCursor(last.joinedMicros, last.membershipId) : null,
  };
}

function encodeCursor(micros: string, id: string): string {
  return Buffer.from(`${micros}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { micros: string; id: string } {
  const [micros, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (!micros || !/^\d{1,20}$/.test(micros) || !id || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new AppError('BAD_REQUEST', 'That page cursor is not valid. Start again from the first page.', 'cursor');
  }
  return { micros, id };
}

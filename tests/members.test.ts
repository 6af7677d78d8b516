import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { PAGE_SIZE } from '@/server/pagination';
import { orgWithOwner } from '@/test-support/factories/organizations';
import { callerFor, trpcError } from '@/test-support/in-process/trpc-caller';

async function addMembers(orgId: string, count: number) {
  const users = await db
    .insertInto('User')
    .values(Array.from({ length: count }, (_, i) => ({ id: crypto.randomUUID(), email: `member${i}@example.com`, name: `Member ${i}` })))
    .returning('id')
    .execute();
  // All in one statement: identical created_at, so ordering must fall back to the id.
  await db.insertInto('memberships').values(users.map((u) => ({ organization_id: orgId, user_id: u.id, role: 'owner' as const }))).execute();
}

describe('org.member.list', () => {
  it('lists the members of the organization with email, name, role and join date', async () => {
    const { owner, org } = await orgWithOwner();
    const page = await callerFor(owner).org.member.list({ orgId: org.id });
    expect(page.nextCursor).toBeNull();
    expect(page.items).toEqual([
      { userId: owner.userId, email: owner.email, name: owner.name, role: 'owner', joinedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    ]);
  });

  it("gives a member of another organization NOT_FOUND, never the other org's data", async () => {
    const { org: theirs } = await orgWithOwner('Theirs');
    const { owner: me } = await orgWithOwner('Mine');
    const error = await trpcError(callerFor(me).org.member.list({ orgId: theirs.id }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Organization not found.');
  });

  it('answers the same for an organization that does not exist', async () => {
    const { owner } = await orgWithOwner();
    const error = await trpcError(callerFor(owner).org.member.list({ orgId: crypto.randomUUID() }));
    expect(error.code).toBe('NOT_FOUND');
  });

  it('refuses anonymous callers', async () => {
    const { org } = await orgWithOwner();
    expect((await trpcError(callerFor(null).org.member.list({ orgId: org.id }))).code).toBe('UNAUTHORIZED');
  });

  it.each([
    ['a malformed organization id', { orgId: 'not-a-uuid' }],
    ['a missing organization id', {}],
    ['an over-long search', { orgId: crypto.randomUUID(), search: 'x'.repeat(300) }],
    ['a forged cursor', { orgId: 'ORG', cursor: Buffer.from("1:'; drop table users").toString('base64url') }],
  ])('refuses %s with BAD_REQUEST', async (_case, input) => {
    const { owner, org } = await orgWithOwner();
    const withOrg = { ...input, ...('orgId' in input && input.orgId === 'ORG' ? { orgId: org.id } : {}) };
    const error = await trpcError(callerFor(owner).org.member.list(withOrg as never));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).not.toMatch(/zod|sql|stack/i);
  });

  it.each([
    // The defect's shapes: they used to reach PostgreSQL and fail there (22P02, 22003) as a 500.
    ['"1:" and 36 hyphens', Buffer.from(`1:${'-'.repeat(36)}`).toString('base64url')],
    ['a 20-digit time', Buffer.from(`99999999999999999999:${crypto.randomUUID()}`).toString('base64url')],
    ['an over-long cursor', 'A'.repeat(300)],
  ])('refuses a cursor the server did not issue (%s) on both lists, with the page-link message', async (_case, cursor) => {
    const { owner, org } = await orgWithOwner();
    for (const list of [callerFor(owner).org.member.list, callerFor(owner).org.invitation.list]) {
      const error = await trpcError(list({ orgId: org.id, cursor }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toBe('This page link is not valid.');
    }
  });

  it('refuses a search with a NUL or another control character (PostgreSQL text cannot hold NUL)', async () => {
    const { owner, org } = await orgWithOwner();
    for (const search of ['\u0000', 'ada\u0000', 'a\u001bb']) {
      const error = await trpcError(callerFor(owner).org.member.list({ orgId: org.id, search }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toBe('Search terms cannot contain control characters.');
      expect((await trpcError(callerFor(owner).org.invitation.list({ orgId: org.id, search }))).code).toBe('BAD_REQUEST');
    }
  });

  it('pages through every member once, in join order, with keyset cursors', async () => {
    const { owner, org } = await orgWithOwner();
    await addMembers(org.id, PAGE_SIZE * 2 + 7);
    const caller = callerFor(owner);
    const seen: string[] = [];
    // A null cursor is the first page, as tRPC's infinite queries (and the Members page) ask for it.
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { userId: string }[]; nextCursor: string | null } = await caller.org.member.list({ orgId: org.id, cursor });
      seen.push(...page.items.map((m) => m.userId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(PAGE_SIZE * 2 + 8);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[0]).toBe(owner.userId);
  });

  it('searches by email or name, case-insensitively, treating % and _ literally', async () => {
    const { owner, org } = await orgWithOwner();
    await addMembers(org.id, 12);
    const caller = callerFor(owner);
    const byEmail = await caller.org.member.list({ orgId: org.id, search: 'MEMBER1' });
    expect(byEmail.items.map((m) => m.email).sort()).toEqual(['member1@example.com', 'member10@example.com', 'member11@example.com'].sort());
    const byName = await caller.org.member.list({ orgId: org.id, search: 'member 7' });
    expect(byName.items.map((m) => m.name)).toEqual(['Member 7']);
    expect((await caller.org.member.list({ orgId: org.id, search: '%' })).items).toEqual([]);
  });
});

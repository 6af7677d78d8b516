import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { acceptInvitation } from '@/server/invitations/accept-invitation';
import { hashToken } from '@/server/secrets';
import { authenticateApiToken } from '@/server/tokens/authenticate-api-token';
import { orgWithOwner } from '@/test-support/factories/organizations';
import { callerFor, trpcError } from '@/test-support/in-process/trpc-caller';

/** Invites through the service and returns a known secret for the new invitation (as if read from the email). */
async function inviteWithKnownSecret(actor: Parameters<typeof callerFor>[0], orgId: string, email: string) {
  const { invitationId } = await callerFor(actor).org.invitation.create({ orgId, email, role: 'owner' });
  const secret = 'S'.repeat(43);
  await db.updateTable('invitations').set({ token_hash: hashToken(secret) }).where('id', '=', invitationId).execute();
  return { invitationId, secret };
}

describe('the audit log', () => {
  it('tells the whole invite → accept → remove story, newest first, with actors and targets', async () => {
    const { owner, org } = await orgWithOwner('Story Co');
    const { invitationId, secret } = await inviteWithKnownSecret(owner, org.id, 'newcomer@example.com');
    const { userId } = await acceptInvitation(db, null, { token: secret, name: 'New Comer' });
    await callerFor(owner).org.member.remove({ orgId: org.id, userId });

    const { items, nextCursor } = await callerFor(owner).org.audit.list({ orgId: org.id });
    expect(nextCursor).toBeNull();
    expect(items.map((e) => [e.action, e.actor?.email, e.target?.type, e.target?.label])).toEqual([
      ['member.removed', owner.email, 'user', 'newcomer@example.com'],
      ['invitation.accepted', 'newcomer@example.com', 'invitation', 'newcomer@example.com'],
      ['member.invited', owner.email, 'invitation', 'newcomer@example.com'],
      ['org.created', owner.email, 'organization', 'Story Co'],
    ]);
    expect(items[2]!.target!.id).toBe(invitationId);
    expect(items.every((e) => e.viaTokenId === null && /^\d{4}-/.test(e.at))).toBe(true);
  });

  it('is append-only: the database refuses to change or delete an event', async () => {
    await orgWithOwner();
    await expect(sql`update audit_events set action = 'member.removed'`.execute(db)).rejects.toMatchObject({ code: '42501' });
    await expect(sql`delete from audit_events`.execute(db)).rejects.toMatchObject({ code: '42501' });
    expect(await db.selectFrom('audit_events').select('action').execute()).toEqual([{ action: 'org.created' }]);
  });

  it('filters by action, pages with a cursor, and shows calls made with a token', async () => {
    const { owner, org } = await orgWithOwner();
    const { token, id: tokenId } = await callerFor(owner).org.token.create({ orgId: org.id, description: 'Bot' });
    const bot = await authenticateApiToken(db, token);
    for (let i = 0; i < 60; i += 1) await callerFor(bot).org.invitation.create({ orgId: org.id, email: `bulk${i}@example.com`, role: 'owner' }).catch(() => undefined);

    const caller = callerFor(owner);
    const first = await caller.org.audit.list({ orgId: org.id, action: 'member.invited' });
    expect(first.items).toHaveLength(50);
    expect(first.items.every((e) => e.action === 'member.invited' && e.viaTokenId === tokenId)).toBe(true);
    expect(first.nextCursor).toBeNull(); // the 51st to 60th invitations were refused by the limit, so never logged

    // 52 events in all: a full page, then the two oldest.
    const page1 = await caller.org.audit.list({ orgId: org.id });
    expect(page1.items).toHaveLength(50);
    const page2 = await caller.org.audit.list({ orgId: org.id, cursor: page1.nextCursor! });
    expect(page2.items.map((e) => e.action)).toEqual(['token.created', 'org.created']);
    expect(page2.nextCursor).toBeNull();
    expect(new Set([...page1.items, ...page2.items].map((e) => e.id)).size).toBe(52);
  });

  it('refuses an unknown action, a forged cursor, and other organizations', async () => {
    const { owner, org } = await orgWithOwner();
    const { org: other } = await orgWithOwner('Other');
    const badAction = await trpcError(callerFor(owner).org.audit.list({ orgId: org.id, action: 'user.deleted' as never }));
    expect(badAction.code).toBe('BAD_REQUEST');
    expect(badAction.message).toMatch(/^Filter by one of: org.created/);
    // A 20-digit id is past bigint: it used to reach PostgreSQL and fail there (22003) as a 500.
    for (const cursor of ['1 or 1=1', '99999999999999999999', '9223372036854775808', '0', '-1']) {
      const error = await trpcError(callerFor(owner).org.audit.list({ orgId: org.id, cursor }));
      expect(error.code, cursor).toBe('BAD_REQUEST');
      expect(error.message, cursor).toBe('This page link is not valid.');
    }
    expect((await callerFor(owner).org.audit.list({ orgId: org.id, cursor: '9223372036854775807' })).items).toHaveLength(1);
    expect((await trpcError(callerFor(owner).org.audit.list({ orgId: other.id }))).code).toBe('NOT_FOUND');
  });
});

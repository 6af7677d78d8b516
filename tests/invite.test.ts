import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { PENDING_INVITATION_LIMIT } from '@/server/invitations/policy';
import { inviteMemberInput } from '@/server/schemas';
import { parseInput } from '@/server/validate';
import { createUser } from '@/test-support/factories/users';
import { addOwner, orgWithOwner } from '@/test-support/factories/organizations';
import { plantInvitations } from '@/test-support/factories/invitations';
import { callerFor, trpcError } from '@/test-support/in-process/trpc-caller';
import { snapshot } from '@/test-support/database/row-counts';
import { TEST_APP_URL, useTestSmtp } from '@/test-support/mail/mail-env';
import { useEmailWorker } from '@/test-support/in-process/email-worker';
import { linksIn, sentTo } from '@/test-support/mail/smtp-server';
import { withoutFairShare } from '@/test-support/in-process/fair-share-switch';

const smtp = useTestSmtp();
useEmailWorker();

describe('inviting someone', () => {
  it('creates a pending invitation, audits it and emails a 72-hour link built from APP_URL', async () => {
    const { owner, org } = await orgWithOwner('Acme Research');
    const result = await callerFor(owner).org.invitation.create({ orgId: org.id, email: '  Grace@Example.com ', role: 'owner' });
    expect(result).toMatchObject({ email: 'Grace@Example.com' });

    const email = await smtp.server.waitForEmail(sentTo('grace@example.com'));
    expect(email.subject).toBe("You're invited to join Acme Research on Members");
    const link = linksIn(email.text).find((l) => l.includes('/invite/'))!;
    expect(link).toMatch(new RegExp(`^${TEST_APP_URL}/invite/[A-Za-z0-9_-]{43}$`)); // 256 random bits
    for (const part of [email.text!, email.html as string]) {
      expect(part).toContain('Olivia Owner');
      expect(part).toContain(owner.email);
      expect(part).toContain('Acme Research');
      expect(part).toContain('Owner');
      expect(part).toContain('72 hours');
      expect(part).toMatch(/\d{4} at \d\d:\d\d UTC/);
    }

    const row = await db
      .selectFrom('invitations')
      .select(['token_hash', 'invited_by', 'send_count', sql<number>`extract(epoch from expires_at - now())`.as('ttl')])
      .where('id', '=', result.invitationId)
      .executeTakeFirstOrThrow();
    const token = link.split('/invite/')[1]!;
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(await db.selectFrom('invitations').selectAll().execute())).not.toContain(token);
    expect(Number(row.ttl)).toBeGreaterThan(72 * 3600 - 60);
    expect(Number(row.ttl)).toBeLessThanOrEqual(72 * 3600);
    expect(row).toMatchObject({ invited_by: owner.userId, send_count: 1 });

    const audit = await db.selectFrom('audit_events').select(['action', 'actor_user_id', 'target_id']).where('action', '=', 'member.invited').execute();
    expect(audit).toEqual([{ action: 'member.invited', actor_user_id: owner.userId, target_id: result.invitationId }]);
  });

  it('refuses an address with a pending invitation, whatever its case, and points to Resend', async () => {
    const { owner, org } = await orgWithOwner();
    await callerFor(owner).org.invitation.create({ orgId: org.id, email: 'bob@example.com', role: 'owner' });
    const before = await snapshot();
    const error = await trpcError(callerFor(owner).org.invitation.create({ orgId: org.id, email: ' BOB@example.COM', role: 'owner' }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('bob@example.com already has a pending invitation. Use "Resend" in the list below to send it again.');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an address whose invitation expired, pointing to Resend', async () => {
    const { owner, org } = await orgWithOwner();
    await plantInvitations(org.id, owner.userId, 1, { expired: true, prefix: 'late' });
    const error = await trpcError(callerFor(owner).org.invitation.create({ orgId: org.id, email: 'late0@example.com', role: 'owner' }));
    expect(error.message).toBe('The invitation to late0@example.com has expired. Use "Resend" in the list below to send a new link.');
  });

  it('refuses a current member, compared case-insensitively', async () => {
    const { owner, org } = await orgWithOwner();
    await addOwner(org.id, await createUser({ email: 'Member@Example.com' }));
    const error = await trpcError(callerFor(owner).org.invitation.create({ orgId: org.id, email: 'member@example.com', role: 'owner' }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('Member@Example.com is already a member of this organization.');
  });

  it.each([
    ['a malformed address', 'grace', 'Enter a valid email address, like name@example.com.'],
    ['an empty address', '  ', 'Enter an email address.'],
    ['a 10 KB address', `${'g'.repeat(10_240)}@example.com`, 'That email address is too long (254 characters at most).'],
    ['an address carrying CR/LF', 'grace@example.com\r\nBcc: eve@example.com', 'An email address cannot contain line breaks or control characters.'],
    ['a look-alike (Cyrillic а) address', 'grаce@example.com', 'Use an address with plain Latin letters; for an international domain, use its xn-- form.'],
  ])('refuses %s with a clear message, writing and sending nothing', async (_case, email, message) => {
    const { owner, org } = await orgWithOwner();
    const before = await snapshot();
    const sent = smtp.server.messages.length;
    const error = await trpcError(callerFor(owner).org.invitation.create({ orgId: org.id, email, role: 'owner' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(message);
    expect(await snapshot()).toEqual(before);
    expect(smtp.server.messages.length).toBe(sent);
  });

  it('refuses a role other than Owner', async () => {
    const { owner, org } = await orgWithOwner();
    const error = await trpcError(callerFor(owner).org.invitation.create({ orgId: org.id, email: 'x@example.com', role: 'admin' as never }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Choose a role: Owner is the only role available.');
    // The server action's parse refuses it too (the service takes parsed input only).
    expect(() => parseInput(inviteMemberInput, { orgId: org.id, email: 'x@example.com', role: 'admin' })).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it('gives non-members NOT_FOUND and anonymous callers UNAUTHORIZED', async () => {
    const { org } = await orgWithOwner();
    const { owner: outsider } = await orgWithOwner('Elsewhere');
    const before = await snapshot();
    expect((await trpcError(callerFor(outsider).org.invitation.create({ orgId: org.id, email: 'x@example.com', role: 'owner' }))).code).toBe('NOT_FOUND');
    expect((await trpcError(callerFor(null).org.invitation.create({ orgId: org.id, email: 'x@example.com', role: 'owner' }))).code).toBe('UNAUTHORIZED');
    expect(await snapshot()).toEqual(before);
  });
});

describe(`at most ${PENDING_INVITATION_LIMIT} pending invitations`, () => {
  withoutFairShare();

  it('refuses the 51st with a message naming the limit', async () => {
    const { owner, org } = await orgWithOwner();
    await plantInvitations(org.id, owner.userId, PENDING_INVITATION_LIMIT);
    const error = await trpcError(callerFor(owner).org.invitation.create({ orgId: org.id, email: 'one-more@example.com', role: 'owner' }));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toContain('already has 50 pending invitations, the most it can have at a time');
  });

  it('does not count expired invitations', async () => {
    const { owner, org } = await orgWithOwner();
    await plantInvitations(org.id, owner.userId, PENDING_INVITATION_LIMIT - 1);
    await plantInvitations(org.id, owner.userId, 5, { expired: true, prefix: 'expired' });
    await callerFor(owner).org.invitation.create({ orgId: org.id, email: 'fifty@example.com', role: 'owner' });
    const list = await callerFor(owner).org.invitation.list({ orgId: org.id });
    expect(list.pendingCount).toBe(PENDING_INVITATION_LIMIT);
    expect(list.limit).toBe(PENDING_INVITATION_LIMIT);
  });

  it('reports the pending count with the list, also when no row is shown (a search that matches nothing)', async () => {
    const { owner, org } = await orgWithOwner();
    await plantInvitations(org.id, owner.userId, 7);
    await plantInvitations(org.id, owner.userId, 2, { expired: true, prefix: 'expired' });
    const caller = callerFor(owner);
    const all = await caller.org.invitation.list({ orgId: org.id });
    expect(all.items).toHaveLength(9);
    expect(all.pendingCount).toBe(7);
    const none = await caller.org.invitation.list({ orgId: org.id, search: 'nobody-like-this' });
    expect(none.items).toEqual([]);
    expect(none.pendingCount).toBe(7);
    const { owner: stranger } = await orgWithOwner();
    expect((await trpcError(callerFor(stranger).org.invitation.list({ orgId: org.id }))).code).toBe('NOT_FOUND');
    expect((await trpcError(callerFor(stranger).org.invitation.list({ orgId: org.id, search: 'nobody-like-this' }))).code).toBe('NOT_FOUND');
  });

  it('holds under 200 concurrent invitations into an empty organization: exactly 50 pending, the rest refused, no other error', async () => {
    const { owner, org } = await orgWithOwner();
    const caller = callerFor(owner);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => caller.org.invitation.create({ orgId: org.id, email: `rush${i}@example.com`, role: 'owner' })),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(PENDING_INVITATION_LIMIT);
    expect(new Set(refused.map((r) => r.reason.code))).toEqual(new Set(['PRECONDITION_FAILED']));
    const list = await caller.org.invitation.list({ orgId: org.id });
    expect(list.pendingCount).toBe(PENDING_INVITATION_LIMIT);
    const audit = await db.selectFrom('audit_events').select('id').where('action', '=', 'member.invited').execute();
    expect(audit).toHaveLength(PENDING_INVITATION_LIMIT);
  });
});

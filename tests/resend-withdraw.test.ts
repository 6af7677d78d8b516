import { PAGE_SIZE } from '@/server/pagination';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { getInvitationLanding } from '@/server/invitations/invitation-landing';
import { PENDING_INVITATION_LIMIT } from '@/server/invitations/policy';
import { useTestSmtp } from '@/test-support/mail/mail-env';
import { useEmailWorker } from '@/test-support/in-process/email-worker';
import { orgWithOwner } from '@/test-support/factories/organizations';
import { plantInvitation, plantInvitations } from '@/test-support/factories/invitations';
import { callerFor, trpcError } from '@/test-support/in-process/trpc-caller';
import { snapshot } from '@/test-support/database/row-counts';
import { linksIn, sentTo } from '@/test-support/mail/smtp-server';

const smtp = useTestSmtp();
useEmailWorker();

/** Lets the invitation be resent now (the 1-per-minute limit looks at last_sent_at). */
const sentLongAgo = (id: string) => db.updateTable('invitations').set({ last_sent_at: sql<Date>`now() - interval '2 minutes'` }).where('id', '=', id).execute();

describe('resending an invitation', () => {
  it('issues a new secret and a new 72 hours, emails it again, and kills the old link', async () => {
    const { owner, org } = await orgWithOwner();
    const { token: oldToken, id } = await plantInvitation(org.id, owner.userId, 'dana@example.com', { expires_at: sql<Date>`now() + interval '1 hour'` });
    await sentLongAgo(id);

    const result = await callerFor(owner).org.invitation.resend({ orgId: org.id, invitationId: id });
    expect(result).toEqual({ email: 'dana@example.com' });

    const email = await smtp.server.waitForEmail(sentTo('dana@example.com'));
    const newToken = linksIn(email.text).find((l) => l.includes('/invite/'))!.split('/invite/')[1]!;
    expect(newToken).not.toBe(oldToken);
    expect((await getInvitationLanding(db, null, oldToken)).state).toBe('unknown');
    expect((await getInvitationLanding(db, null, newToken)).state).toBe('valid');

    const row = await db
      .selectFrom('invitations')
      .select(['send_count', sql<number>`extract(epoch from expires_at - now())`.as('ttl')])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.send_count).toBe(2);
    expect(Number(row.ttl)).toBeGreaterThan(72 * 3600 - 60);
    const audit = await db.selectFrom('audit_events').select(['action', 'target_id']).where('action', '=', 'invitation.resent').execute();
    expect(audit).toEqual([{ action: 'invitation.resent', target_id: id }]);
  });

  it('allows one resend per minute, and says how long to wait', async () => {
    const { owner, org } = await orgWithOwner();
    const { id } = await plantInvitation(org.id, owner.userId, 'eve@example.com');
    const before = await snapshot();
    const error = await trpcError(callerFor(owner).org.invitation.resend({ orgId: org.id, invitationId: id }));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(error.message).toMatch(/^This invitation was sent less than a minute ago\. You can resend it in \d+ seconds?\.$/);
    expect(await snapshot()).toEqual(before);
  });

  it('revives an expired invitation when the limit allows', async () => {
    const { owner, org } = await orgWithOwner();
    const { id } = await plantInvitation(org.id, owner.userId, 'late@example.com', { expires_at: sql<Date>`now() - interval '1 day'` });
    await sentLongAgo(id);
    await callerFor(owner).org.invitation.resend({ orgId: org.id, invitationId: id });
    const list = await callerFor(owner).org.invitation.list({ orgId: org.id });
    expect(list.items.map((i) => [i.email, i.expired])).toEqual([['late@example.com', false]]);
    expect(list.pendingCount).toBe(1);
  });

  it('refuses to revive an expired invitation when 50 are already pending', async () => {
    const { owner, org } = await orgWithOwner();
    await plantInvitations(org.id, owner.userId, PENDING_INVITATION_LIMIT);
    const { id } = await plantInvitation(org.id, owner.userId, 'late@example.com', { expires_at: sql<Date>`now() - interval '1 day'` });
    await sentLongAgo(id);
    const error = await trpcError(callerFor(owner).org.invitation.resend({ orgId: org.id, invitationId: id }));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toContain('50 pending invitations');
  });

  it("cannot touch another organization's invitation", async () => {
    const { owner: theirOwner, org: theirs } = await orgWithOwner('Theirs');
    const { owner: me, org: mine } = await orgWithOwner('Mine');
    const { id } = await plantInvitation(theirs.id, theirOwner.userId, 'x@example.com');
    await sentLongAgo(id);
    const before = await snapshot();
    for (const orgId of [theirs.id, mine.id]) {
      expect((await trpcError(callerFor(me).org.invitation.resend({ orgId, invitationId: id }))).code).toBe('NOT_FOUND');
      expect((await trpcError(callerFor(me).org.invitation.withdraw({ orgId, invitationId: id }))).code).toBe('NOT_FOUND');
    }
    expect((await trpcError(callerFor(me).org.invitation.list({ orgId: theirs.id }))).code).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });
});

describe('withdrawing an invitation', () => {
  it('removes it from the pending list, audits it, and its link then says it is no longer valid', async () => {
    const { owner, org } = await orgWithOwner();
    const { token, id } = await plantInvitation(org.id, owner.userId, 'fay@example.com');
    expect(await callerFor(owner).org.invitation.withdraw({ orgId: org.id, invitationId: id })).toEqual({ email: 'fay@example.com' });

    expect((await getInvitationLanding(db, null, token)).state).toBe('withdrawn');
    const list = await callerFor(owner).org.invitation.list({ orgId: org.id });
    expect(list.items).toEqual([]);
    expect(list.pendingCount).toBe(0);
    const audit = await db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('action', '=', 'invitation.withdrawn').execute();
    expect(audit).toEqual([{ action: 'invitation.withdrawn', actor_user_id: owner.userId }]);

    const again = await trpcError(callerFor(owner).org.invitation.withdraw({ orgId: org.id, invitationId: id }));
    expect(again.code).toBe('NOT_FOUND');
    expect(again.message).toBe('Invitation not found. It may have been accepted or withdrawn already.');
  });

  it('refuses malformed ids with BAD_REQUEST', async () => {
    const { owner, org } = await orgWithOwner();
    const error = await trpcError(callerFor(owner).org.invitation.withdraw({ orgId: org.id, invitationId: "1' or '1'='1" }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('That invitation id is not valid.');
  });
});

describe('the invitation list', () => {
  it('shows open invitations with inviter, expiry and an Expired mark, and pages through them', async () => {
    const { owner, org } = await orgWithOwner();
    await plantInvitations(org.id, owner.userId, 60);
    await plantInvitations(org.id, owner.userId, 2, { expired: true, prefix: 'old' });
    const caller = callerFor(owner);
    const first = await caller.org.invitation.list({ orgId: org.id });
    expect(first.items).toHaveLength(PAGE_SIZE);
    expect(first.items[0]).toMatchObject({ role: 'owner', invitedBy: { name: 'Olivia Owner', email: owner.email }, sendCount: 1 });
    const second = await caller.org.invitation.list({ orgId: org.id, cursor: first.nextCursor! });
    const third = await caller.org.invitation.list({ orgId: org.id, cursor: second.nextCursor! });
    expect([second.items.length, third.items.length]).toEqual([PAGE_SIZE, 62 - 2 * PAGE_SIZE]);
    expect(third.nextCursor).toBeNull();
    expect(third.items.filter((i) => i.expired).map((i) => i.email).sort()).toEqual(['old0@example.com', 'old1@example.com']);
    expect(first.pendingCount).toBe(60);
    const search = await caller.org.invitation.list({ orgId: org.id, search: 'OLD1' });
    expect(search.items.map((i) => i.email)).toEqual(['old1@example.com']);
  });
});

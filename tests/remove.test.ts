import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { createUser } from '@/test-support/factories/users';
import { addOwner, orgWithOwner } from '@/test-support/factories/organizations';
import { plantInvitations } from '@/test-support/factories/invitations';
import { callerFor, trpcError } from '@/test-support/in-process/trpc-caller';
import { snapshot } from '@/test-support/database/row-counts';
import { withoutFairShare } from '@/test-support/in-process/fair-share-switch';

describe('removing a member', () => {
  withoutFairShare();

  it('deletes the membership, withdraws the invitations they sent, audits it, and ends their access at once', async () => {
    const { owner, org } = await orgWithOwner();
    const leaver = await addOwner(org.id, await createUser({ email: 'leaver@example.com' }));
    await plantInvitations(org.id, leaver.userId, 3, { prefix: 'sent-by-leaver' });
    await plantInvitations(org.id, owner.userId, 2, { prefix: 'sent-by-owner' });

    const result = await callerFor(owner).org.member.remove({ orgId: org.id, userId: leaver.userId });
    expect(result).toEqual({ email: 'leaver@example.com', removedSelf: false, withdrawnInvitations: 3 });

    const members = await callerFor(owner).org.member.list({ orgId: org.id });
    expect(members.items.map((m) => m.email)).toEqual([owner.email]);
    const invitations = await callerFor(owner).org.invitation.list({ orgId: org.id });
    expect(invitations.items.map((i) => i.email).sort()).toEqual(['sent-by-owner0@example.com', 'sent-by-owner1@example.com']);
    const audit = await db.selectFrom('audit_events').select(['action', 'actor_user_id', 'target_id']).where('action', '=', 'member.removed').execute();
    expect(audit).toEqual([{ action: 'member.removed', actor_user_id: owner.userId, target_id: leaver.userId }]);

    // Their very next request is refused: every request checks the membership.
    expect((await trpcError(callerFor(leaver).org.member.list({ orgId: org.id }))).code).toBe('NOT_FOUND');
    expect((await trpcError(callerFor(leaver).org.invitation.create({ orgId: org.id, email: 'x@example.com', role: 'owner' }))).code).toBe('NOT_FOUND');
  });

  it('never removes the last Owner, even at their own request', async () => {
    const { owner, org } = await orgWithOwner();
    const before = await snapshot();
    const error = await trpcError(callerFor(owner).org.member.remove({ orgId: org.id, userId: owner.userId }));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toBe(`${owner.email} is the only Owner of this organization, and an organization needs at least one. Invite another Owner first.`);
    expect(await snapshot()).toEqual(before);
  });

  it('lets a member remove themself when another Owner remains', async () => {
    const { owner, org } = await orgWithOwner();
    await addOwner(org.id);
    expect(await callerFor(owner).org.member.remove({ orgId: org.id, userId: owner.userId })).toMatchObject({ removedSelf: true });
    expect((await trpcError(callerFor(owner).org.member.list({ orgId: org.id }))).code).toBe('NOT_FOUND');
  });

  it('two Owners removing each other at the same moment: exactly one succeeds', async () => {
    for (let round = 0; round < 5; round += 1) {
      const { owner: a, org } = await orgWithOwner(`Round ${round}`);
      const b = await addOwner(org.id);
      const results = await Promise.allSettled([
        callerFor(a).org.member.remove({ orgId: org.id, userId: b.userId }),
        callerFor(b).org.member.remove({ orgId: org.id, userId: a.userId }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const owners = await db.selectFrom('memberships').select('user_id').where('organization_id', '=', org.id).execute();
      expect(owners).toHaveLength(1);
    }
  });

  it('keeps one Owner when every Owner tries to remove every other at once', async () => {
    const { owner, org } = await orgWithOwner();
    const owners = [owner, ...(await Promise.all(Array.from({ length: 5 }, () => addOwner(org.id))))];
    const attempts = owners.flatMap((actor) =>
      owners.filter((target) => target !== actor).map((target) => callerFor(actor).org.member.remove({ orgId: org.id, userId: target.userId })),
    );
    const results = await Promise.allSettled(attempts);
    const unexpected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected' && !['NOT_FOUND', 'PRECONDITION_FAILED'].includes(r.reason.code));
    expect(unexpected).toEqual([]);
    const left = await db.selectFrom('memberships').select('user_id').where('organization_id', '=', org.id).execute();
    expect(left).toHaveLength(1);
  });

  it("cannot remove someone from another organization, or with another organization's ids", async () => {
    const { owner: theirOwner, org: theirs } = await orgWithOwner('Theirs');
    const theirSecond = await addOwner(theirs.id);
    const { owner: me, org: mine } = await orgWithOwner('Mine');
    const before = await snapshot();
    expect((await trpcError(callerFor(me).org.member.remove({ orgId: theirs.id, userId: theirSecond.userId }))).code).toBe('NOT_FOUND');
    expect((await trpcError(callerFor(me).org.member.remove({ orgId: mine.id, userId: theirOwner.userId }))).code).toBe('NOT_FOUND');
    expect((await trpcError(callerFor(me).org.member.remove({ orgId: mine.id, userId: 'nope' }))).code).toBe('BAD_REQUEST');
    expect(await snapshot()).toEqual(before);
  });
});

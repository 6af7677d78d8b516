import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import type { Actor } from '@/server/actor';
import { acceptInvitation } from '@/server/invitations/accept-invitation';
import { getInvitationLanding } from '@/server/invitations/invitation-landing';
import { acceptInvitationInput } from '@/server/schemas';
import { parseInput } from '@/server/validate';
import { createUser } from '@/test-support/factories/users';
import { addOwner, orgWithOwner } from '@/test-support/factories/organizations';
import { plantInvitation } from '@/test-support/factories/invitations';
import { snapshot } from '@/test-support/database/row-counts';

/** What the activation page's form action does: parse the form at the edge, then accept. */
const acceptForm = async (actor: Actor | null, form: unknown) => acceptInvitation(db, actor, parseInput(acceptInvitationInput, form));

describe('the activation page (reading a link)', () => {
  it('shows organization, inviter, role and expiry for a valid link, and changes nothing', async () => {
    const { owner, org } = await orgWithOwner('Acme Research');
    const { token } = await plantInvitation(org.id, owner.userId, 'new@example.com');
    const before = await snapshot();
    const landing = await getInvitationLanding(db, null, token);
    expect(landing).toMatchObject({
      state: 'valid',
      signedIn: false,
      needsName: true,
      details: { orgId: org.id, organizationName: 'Acme Research', email: 'new@example.com', role: 'owner', inviter: { name: 'Olivia Owner', email: owner.email } },
    });
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['garbage', 'not-a-token'],
    ['a truncated token', 'TRUNCATED'],
    ['a forged token of the right shape', 'A'.repeat(43)],
    ['an empty token', ''],
  ])('calls %s unknown', async (_case, token) => {
    const { owner, org } = await orgWithOwner();
    const real = await plantInvitation(org.id, owner.userId, 'new@example.com');
    const value = token === 'TRUNCATED' ? real.token.slice(0, 30) : token;
    expect(await getInvitationLanding(db, null, value)).toEqual({ state: 'unknown' });
  });

  it('tells expired, withdrawn and used links apart', async () => {
    const { owner, org } = await orgWithOwner();
    const expired = await plantInvitation(org.id, owner.userId, 'a@example.com', { expires_at: sql<Date>`now() - interval '1 minute'` });
    const withdrawn = await plantInvitation(org.id, owner.userId, 'b@example.com', { withdrawn_at: new Date() });
    const used = await plantInvitation(org.id, owner.userId, 'c@example.com', { accepted_at: new Date() });
    expect((await getInvitationLanding(db, null, expired.token)).state).toBe('expired');
    expect((await getInvitationLanding(db, null, withdrawn.token)).state).toBe('withdrawn');
    expect((await getInvitationLanding(db, null, used.token)).state).toBe('used');
  });

  it('recognizes a visitor signed in as another address, and one who is already a member', async () => {
    const { owner, org } = await orgWithOwner();
    const { token } = await plantInvitation(org.id, owner.userId, 'invited@example.com');
    const someoneElse = await createUser({ email: 'other@example.com' });
    expect(await getInvitationLanding(db, someoneElse, token)).toMatchObject({ state: 'wrong-account', signedInEmail: 'other@example.com' });
    const invited = await addOwner(org.id, await createUser({ email: 'Invited@Example.com' }));
    expect((await getInvitationLanding(db, invited, token)).state).toBe('already-member');
  });
});

describe('accepting an invitation', () => {
  it('creates the account with the invited address, starts a session and adds an Owner, in one go', async () => {
    const { owner, org } = await orgWithOwner();
    const { token, id } = await plantInvitation(org.id, owner.userId, 'New.Person@example.com');
    const result = await acceptForm(null, { token, name: '  New   Person ' });

    expect(result.orgId).toBe(org.id);
    const user = await db.selectFrom('User').selectAll().where('id', '=', result.userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email: 'New.Person@example.com', name: 'New Person' });
    expect(user.emailVerified).toBeInstanceOf(Date);
    const session = await db.selectFrom('Session').selectAll().where('sessionToken', '=', result.session!.token).executeTakeFirstOrThrow();
    expect(session.userId).toBe(result.userId);
    expect(result.session!.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const membership = await db.selectFrom('memberships').selectAll().where('user_id', '=', result.userId).executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ organization_id: org.id, role: 'owner' });
    const invitation = await db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(invitation.accepted_by).toBe(result.userId);
    expect(invitation.accepted_at).toBeInstanceOf(Date);
    const audit = await db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('action', '=', 'invitation.accepted').execute();
    expect(audit).toEqual([{ action: 'invitation.accepted', actor_user_id: result.userId }]);

    // The same link never works twice.
    await expect(acceptInvitation(db, null, { token, name: 'Again' })).rejects.toMatchObject({
      code: 'CONFLICT',
      userMessage: 'This invitation is no longer valid: it has already been used.',
    });
  });

  it('asks a new person for their name, and writes nothing without it', async () => {
    const { owner, org } = await orgWithOwner();
    const { token } = await plantInvitation(org.id, owner.userId, 'new@example.com');
    const before = await snapshot();
    await expect(acceptForm(null, { token, name: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST', userMessage: 'Enter your name.', field: 'name' });
    await expect(acceptForm(null, { token, name: 'x'.repeat(101) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await snapshot()).toEqual(before);
  });

  it('signs in an existing account without asking its name again', async () => {
    const { owner, org } = await orgWithOwner();
    const existing = await createUser({ email: 'known@example.com', name: 'Known Person' });
    const { token } = await plantInvitation(org.id, owner.userId, 'KNOWN@example.com');
    expect((await getInvitationLanding(db, null, token)) as { needsName?: boolean }).toMatchObject({ needsName: false });
    const result = await acceptInvitation(db, null, { token });
    expect(result.userId).toBe(existing.userId);
    expect(result.session).not.toBeNull();
    expect((await db.selectFrom('User').select('name').where('id', '=', existing.userId).executeTakeFirstOrThrow()).name).toBe('Known Person');
  });

  it('lets a person signed in as the invited address accept without a new session', async () => {
    const { owner, org } = await orgWithOwner();
    const invited = await createUser({ email: 'me@example.com' });
    const { token } = await plantInvitation(org.id, owner.userId, 'me@example.com');
    const result = await acceptInvitation(db, invited, { token });
    expect(result).toMatchObject({ orgId: org.id, userId: invited.userId, session: null });
  });

  it.each([
    ['expired', { expires_at: sql<Date>`now() - interval '1 minute'` }, 'PRECONDITION_FAILED', 'This invitation has expired. Ask the person who invited you to resend it.'],
    ['withdrawn', { withdrawn_at: new Date() }, 'PRECONDITION_FAILED', 'This invitation is no longer valid: it was withdrawn.'],
    ['used', { accepted_at: new Date() }, 'CONFLICT', 'This invitation is no longer valid: it has already been used.'],
  ])('refuses a %s link and writes nothing', async (_case, overrides, code, message) => {
    const { owner, org } = await orgWithOwner();
    const { token } = await plantInvitation(org.id, owner.userId, 'late@example.com', overrides);
    const before = await snapshot();
    await expect(acceptInvitation(db, null, { token, name: 'Late' })).rejects.toMatchObject({ code, userMessage: message });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses someone signed in as another address', async () => {
    const { owner, org } = await orgWithOwner();
    const { token } = await plantInvitation(org.id, owner.userId, 'invited@example.com');
    const other = await createUser({ email: 'other@example.com' });
    const before = await snapshot();
    await expect(acceptInvitation(db, other, { token })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a forged token', async () => {
    await expect(acceptForm(null, { token: 'A'.repeat(43), name: 'Mallory' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(acceptForm(null, { token: { $ne: null }, name: 'Mallory' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an accept that races a withdrawal waits for it, then says the invitation was withdrawn', async () => {
    const { owner, org } = await orgWithOwner();
    const { id, token } = await plantInvitation(org.id, owner.userId, 'late@example.com');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // A withdrawal holds the invitation row, uncommitted, while the accept starts.
    const withdrawing = db.transaction().execute(async (tx) => {
      await tx.updateTable('invitations').set({ withdrawn_at: sql<Date>`now()`, withdrawn_by: owner.userId }).where('id', '=', id).execute();
      await held;
    });
    const accepting = acceptInvitation(db, null, { token, name: 'Late' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await withdrawing;
    await expect(accepting).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await db.selectFrom('memberships').select('id').where('organization_id', '=', org.id).execute()).toHaveLength(1);
  });

  it('is single-use under 20 concurrent accepts: exactly one membership, one account, one session', async () => {
    const { owner, org } = await orgWithOwner();
    const { token } = await plantInvitation(org.id, owner.userId, 'racer@example.com');
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => acceptInvitation(db, null, { token, name: 'Racer' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason.code);
    expect(refusals).toEqual(Array(19).fill('CONFLICT'));
    const users = await db.selectFrom('User').select('id').where('email', '=', 'racer@example.com').execute();
    expect(users).toHaveLength(1);
    expect(await db.selectFrom('memberships').select('id').where('user_id', '=', users[0]!.id).execute()).toHaveLength(1);
    expect(await db.selectFrom('Session').select('id').where('userId', '=', users[0]!.id).execute()).toHaveLength(1);
  });
});

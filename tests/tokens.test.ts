import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { acceptInvitation } from '@/server/invitations/accept-invitation';
import { hashToken } from '@/server/secrets';
import { authenticateApiToken } from '@/server/tokens/authenticate-api-token';
import { TOKEN_LIMIT_PER_MEMBER } from '@/server/tokens/create-api-token';
import { createUser } from '@/test-support/factories/users';
import { addOwner, orgWithOwner } from '@/test-support/factories/organizations';
import { plantInvitation } from '@/test-support/factories/invitations';
import { callerFor, trpcError } from '@/test-support/in-process/trpc-caller';

async function tokenFor(actor: Parameters<typeof callerFor>[0], orgId: string, description = 'Deploy script') {
  return callerFor(actor).org.token.create({ orgId, description });
}

describe('API tokens', () => {
  it('are shown once, stored only as a hash, listed with their prefix, and audited', async () => {
    const { owner, org } = await orgWithOwner();
    const created = await tokenFor(owner, org.id, '  Nightly   sync ');
    expect(created.token).toMatch(/^mbr_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 12));

    const stored = await db.selectFrom('api_tokens').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toBe(hashToken(created.token));
    expect(JSON.stringify(stored)).not.toContain(created.token);

    const list = await callerFor(owner).org.token.list({ orgId: org.id });
    expect(list).toEqual([
      { id: created.id, description: 'Nightly sync', prefix: created.prefix, createdAt: expect.any(String), lastUsedAt: null, owner: { userId: owner.userId, email: owner.email }, mine: true },
    ]);
    const audit = await db.selectFrom('audit_events').select(['action', 'target_id']).where('action', '=', 'token.created').execute();
    expect(audit).toEqual([{ action: 'token.created', target_id: created.id }]);
  });

  it('authenticate as their member, in their organization only, with the same rules; calls are audited with the token', async () => {
    const { owner, org } = await orgWithOwner('Home');
    const { org: other } = await orgWithOwner('Other');
    await addOwner(other.id, owner); // the person belongs to both organizations
    const { token, id } = await tokenFor(owner, org.id);

    const viaToken = await authenticateApiToken(db, token);
    expect(viaToken).toMatchObject({ userId: owner.userId, token: { id, orgId: org.id } });
    expect((await callerFor(viaToken).org.member.list({ orgId: org.id })).items.map((m) => m.email)).toEqual([owner.email]);
    expect((await trpcError(callerFor(viaToken).org.member.list({ orgId: other.id }))).code).toBe('NOT_FOUND');
    expect((await trpcError(callerFor(viaToken).org.invitation.create({ orgId: other.id, email: 'x@example.com', role: 'owner' }))).code).toBe('NOT_FOUND');

    await callerFor(viaToken).org.invitation.create({ orgId: org.id, email: 'scripted@example.com', role: 'owner' });
    const audit = await db.selectFrom('audit_events').select(['actor_user_id', 'actor_token_id']).where('action', '=', 'member.invited').executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_user_id: owner.userId, actor_token_id: id });
  });

  it('record their last use at most once a minute', async () => {
    const { owner, org } = await orgWithOwner();
    const { token, id } = await tokenFor(owner, org.id);
    const lastUsed = async () => (await db.selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at;
    await authenticateApiToken(db, token);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await authenticateApiToken(db, token);
    expect(await lastUsed()).toEqual(first);
    await db.updateTable('api_tokens').set({ last_used_at: sql<Date>`now() - interval '2 minutes'` }).where('id', '=', id).execute();
    await authenticateApiToken(db, token);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(first!.getTime() - 1000);
  });

  it('stop working when revoked, by their member or by another Owner', async () => {
    const { owner, org } = await orgWithOwner();
    const colleague = await addOwner(org.id);
    const mine = await tokenFor(owner, org.id, 'Mine');
    const theirs = await tokenFor(colleague, org.id, 'Theirs');
    expect((await callerFor(owner).org.token.list({ orgId: org.id })).map((t) => [t.description, t.mine])).toEqual([
      ['Theirs', false],
      ['Mine', true],
    ]);
    expect(await callerFor(owner).org.token.revoke({ orgId: org.id, tokenId: mine.id })).toEqual({ description: 'Mine' });
    expect(await callerFor(owner).org.token.revoke({ orgId: org.id, tokenId: theirs.id })).toEqual({ description: 'Theirs' });
    expect(await authenticateApiToken(db, mine.token)).toBeNull();
    expect(await authenticateApiToken(db, theirs.token)).toBeNull();
    expect((await trpcError(callerFor(owner).org.token.revoke({ orgId: org.id, tokenId: mine.id }))).code).toBe('NOT_FOUND');
    const actions = (await db.selectFrom('audit_events').select('action').where('action', '=', 'token.revoked').execute()).length;
    expect(actions).toBe(2);
  });

  it.each([
    ['garbage', 'not-a-token'],
    ['the right shape but unknown', `mbr_${'A'.repeat(43)}`],
    ['empty', ''],
  ])('refuse a token that is %s', async (_case, token) => {
    expect(await authenticateApiToken(db, token)).toBeNull();
  });

  it('refuse a huge description and the 101st token with clear messages', async () => {
    const { owner, org } = await orgWithOwner();
    const long = await trpcError(tokenFor(owner, org.id, 'x'.repeat(10_000)));
    expect(long.code).toBe('BAD_REQUEST');
    expect(long.message).toBe('Descriptions are 100 characters at most.');
    const membership = await db.selectFrom('memberships').select('id').where('user_id', '=', owner.userId).executeTakeFirstOrThrow();
    await db
      .insertInto('api_tokens')
      .values(Array.from({ length: TOKEN_LIMIT_PER_MEMBER }, (_, i) => ({ membership_id: membership.id, organization_id: org.id, user_id: owner.userId, description: `t${i}`, token_prefix: 'mbr_x', token_hash: `h${i}` })))
      .execute();
    const capped = await trpcError(tokenFor(owner, org.id));
    expect(capped.code).toBe('PRECONDITION_FAILED');
    expect(capped.message).toContain('You already have 100 tokens in this organization');
  });

  it('cannot create or revoke tokens: a leaked token mints nothing that outlives it', async () => {
    const { owner, org } = await orgWithOwner();
    const leaked = await tokenFor(owner, org.id, 'Leaked');
    const other = await tokenFor(owner, org.id, 'Other');
    const viaToken = (await authenticateApiToken(db, leaked.token))!;
    const minted = await trpcError(callerFor(viaToken).org.token.create({ orgId: org.id, description: 'Backdoor' }));
    expect(minted.code).toBe('FORBIDDEN');
    expect(minted.message).toBe('API tokens cannot create or revoke API tokens. Sign in to Members in a browser to manage tokens.');
    const revoked = await trpcError(callerFor(viaToken).org.token.revoke({ orgId: org.id, tokenId: other.id }));
    expect(revoked.code).toBe('FORBIDDEN');
    expect((await db.selectFrom('api_tokens').select('description').orderBy('description').execute()).map((t) => t.description)).toEqual(['Leaked', 'Other']);
    expect(await db.selectFrom('audit_events').select('action').where('action', '=', 'token.revoked').execute()).toEqual([]);
    // Listing stays open to scripts: it changes nothing.
    expect(await callerFor(viaToken).org.token.list({ orgId: org.id })).toHaveLength(2);
  });

  it("cannot be listed or revoked with another organization's ids", async () => {
    const { owner: theirOwner, org: theirs } = await orgWithOwner('Theirs');
    const { owner: me, org: mine } = await orgWithOwner('Mine');
    const { id } = await tokenFor(theirOwner, theirs.id);
    expect((await trpcError(callerFor(me).org.token.list({ orgId: theirs.id }))).code).toBe('NOT_FOUND');
    expect((await trpcError(callerFor(me).org.token.revoke({ orgId: theirs.id, tokenId: id }))).code).toBe('NOT_FOUND');
    expect((await trpcError(callerFor(me).org.token.revoke({ orgId: mine.id, tokenId: id }))).code).toBe('NOT_FOUND');
    expect(await db.selectFrom('api_tokens').select('id').execute()).toHaveLength(1);
  });
});

describe('removal is final', () => {
  it('kills the removed member’s tokens and sessions; after re-invitation the old token is still refused and the new membership has no tokens', async () => {
    const { owner, org } = await orgWithOwner();
    const member = await addOwner(org.id, await createUser({ email: 'leaving@example.com' }));
    await db.insertInto('Session').values({ sessionToken: 'leaving-session', userId: member.userId, expires: new Date(Date.now() + 86_400_000) }).execute();
    const { token } = await tokenFor(member, org.id, 'Old laptop');

    await callerFor(owner).org.member.remove({ orgId: org.id, userId: member.userId });
    expect(await authenticateApiToken(db, token)).toBeNull();
    expect(await db.selectFrom('Session').select('id').where('userId', '=', member.userId).execute()).toHaveLength(0);

    const invitation = await plantInvitation(org.id, owner.userId, 'leaving@example.com');
    const accepted = await acceptInvitation(db, null, { token: invitation.token });
    expect(accepted.userId).toBe(member.userId);
    expect(await authenticateApiToken(db, token)).toBeNull();
    const membership = await db.selectFrom('memberships').select('id').where('user_id', '=', member.userId).executeTakeFirstOrThrow();
    expect(await db.selectFrom('api_tokens').select('id').where('membership_id', '=', membership.id).execute()).toHaveLength(0);
  });

  it('keeps the sessions of someone who still belongs to another organization', async () => {
    const { owner, org } = await orgWithOwner();
    const { org: other } = await orgWithOwner('Other');
    const member = await addOwner(org.id);
    await addOwner(other.id, member);
    await db.insertInto('Session').values({ sessionToken: 'still-here', userId: member.userId, expires: new Date(Date.now() + 86_400_000) }).execute();
    await callerFor(owner).org.member.remove({ orgId: org.id, userId: member.userId });
    expect(await db.selectFrom('Session').select('id').where('userId', '=', member.userId).execute()).toHaveLength(1);
    expect((await trpcError(callerFor(member).org.member.list({ orgId: org.id }))).code).toBe('NOT_FOUND');
  });
});

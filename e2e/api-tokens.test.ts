import { describe, expect, it } from 'vitest';
import { hashToken } from '@/server/secrets';
import { sentTo } from '@/test-support/mail/smtp-server';
import { useAppHarness } from '@/test-support/app/harness';
import { signInThroughEmail } from '@/test-support/browser/sign-in';
import { ownerOfNewOrganization } from '@/test-support/browser/members-page';

const h = useAppHarness();

const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));

describe('the tRPC API over HTTP with a bearer token', () => {
  it('lets a script list members and invite with the same rules, and refuses what it must', async () => {
    const { context, page, orgId } = await ownerOfNewOrganization(h, 'scripter@example.com', 'Script Co');

    // Create a token with the session cookie (as the Tokens page does).
    const created = await page.request.post(`${h.app.url}/api/trpc/org.token.create`, { data: { orgId, description: 'CI script' } });
    expect(created.status()).toBe(200);
    const { token, id: tokenId } = (await created.json()).result.data as { token: string; id: string };
    const bearer = { authorization: `Bearer ${token}` };

    // The same procedures, as a script would call them (curl-like, no cookie).
    const members = await fetch(`${h.app.url}/api/trpc/org.member.list?input=${input({ orgId })}`, { headers: bearer });
    expect(members.status).toBe(200);
    expect((await members.json()).result.data.items.map((m: { email: string }) => m.email)).toEqual(['scripter@example.com']);

    const invite = await fetch(`${h.app.url}/api/trpc/org.invitation.create`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ orgId, email: 'from-script@example.com', role: 'owner' }),
    });
    expect(invite.status).toBe(200);
    await h.smtp.waitForEmail(sentTo('from-script@example.com'));
    const again = await fetch(`${h.app.url}/api/trpc/org.invitation.create`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ orgId, email: 'from-script@example.com', role: 'owner' }),
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toContain('already has a pending invitation');

    // Another organization's id with this token: 404, nothing about it.
    const elsewhere = await fetch(`${h.app.url}/api/trpc/org.member.list?input=${input({ orgId: crypto.randomUUID() })}`, { headers: bearer });
    expect(elsewhere.status).toBe(404);

    // Malformed and unknown tokens, and tokens in the URL.
    for (const header of ['Bearer nonsense', `Bearer mbr_${'A'.repeat(43)}`, 'Basic abc', token]) {
      const refused = await fetch(`${h.app.url}/api/trpc/org.member.list?input=${input({ orgId })}`, { headers: { authorization: header } });
      expect(refused.status).toBe(401);
    }
    const inUrl = await fetch(`${h.app.url}/api/trpc/org.member.list?input=${input({ orgId })}&access_token=${token}`);
    expect(inUrl.status).toBe(400);
    expect((await inUrl.json()).error.message).toContain('Authorization header');

    // A cookie-authenticated mutation from another origin is refused, and writes nothing.
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const forged = await fetch(`${h.app.url}/api/trpc/org.invitation.create`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ orgId, email: 'csrf@example.com', role: 'owner' }),
    });
    expect(forged.status).toBe(403);
    expect(await h.db.selectFrom('invitations').select('id').where('email', '=', 'csrf@example.com').execute()).toHaveLength(0);

    // A token manages no tokens: minting one, or revoking itself or another, needs a browser session.
    for (const [path, body] of [['org.token.create', { orgId, description: 'Backdoor' }], ['org.token.revoke', { orgId, tokenId }]] as const) {
      const refused = await fetch(`${h.app.url}/api/trpc/${path}`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('API tokens cannot create or revoke API tokens');
    }
    expect(await h.db.selectFrom('api_tokens').select('id').execute()).toHaveLength(1);

    // The API calls are in the audit log with the token as the means.
    const audit = await h.db.selectFrom('audit_events').select(['action', 'actor_token_id']).where('action', '=', 'member.invited').execute();
    expect(audit).toEqual([{ action: 'member.invited', actor_token_id: tokenId }]);

    // Revoked: the very next call is refused.
    const revoke = await page.request.post(`${h.app.url}/api/trpc/org.token.revoke`, { data: { orgId, tokenId } });
    expect(revoke.status()).toBe(200);
    const after = await fetch(`${h.app.url}/api/trpc/org.member.list?input=${input({ orgId })}`, { headers: bearer });
    expect(after.status).toBe(401);
    await context.close();
  });

  it('the Tokens page creates a token shown once, lists it, and revokes it', async () => {
    const { context, page, orgId } = await ownerOfNewOrganization(h, 'tokens.page@example.com', 'Token Co');

    await page.getByRole('button', { name: 'Token Co' }).click();
    await page.getByRole('menuitem', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await page.getByText('No tokens yet. Create one above for a script or a system account.').waitFor();
    await page.getByRole('textbox', { name: 'Description' }).fill('Deploy bot');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('textbox', { name: 'New token' });
    await shown.waitFor();
    const token = await shown.inputValue();
    expect(token).toMatch(/^mbr_[A-Za-z0-9_-]{43}$/);
    expect(await shown.getAttribute('readonly')).not.toBeNull();
    await page.getByRole('button', { name: 'Revoke token Deploy bot' }).waitFor();

    const list = () => fetch(`${h.app.url}/api/trpc/org.member.list?input=${input({ orgId })}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await list()).status).toBe(200);

    await page.reload();
    expect(await page.getByRole('textbox', { name: 'New token' }).count()).toBe(0); // shown once
    await page.getByRole('button', { name: 'Revoke token Deploy bot' }).click();
    await page.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke token' }).click();
    await page.getByRole('status').getByText('Token "Deploy bot" revoked').waitFor();
    expect((await list()).status).toBe(401);

    // The audit log tells it, newest first, and filters by action (a plain GET form).
    await page.getByRole('button', { name: 'Token Co' }).click();
    await page.getByRole('menuitem', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const actions = async () => (await page.getByRole('row').allTextContents()).slice(1).map((row) => /API token revoked|API token created|Organization created/.exec(row)?.[0]);
    expect(await actions()).toEqual(['API token revoked', 'API token created', 'Organization created']);
    expect(await page.getByRole('row', { name: /API token created/ }).textContent()).toContain('Deploy bot');
    await page.getByRole('combobox', { name: 'Action' }).selectOption('token.created');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/action=token\.created/);
    expect(await actions()).toEqual(['API token created']);
    await context.close();
  });

  it("removing a member kills their token and their session with the very next request", async () => {
    const { context: owner, page: ownerPage, orgId } = await ownerOfNewOrganization(h, 'remover@example.com', 'Removal Co');

    // A second member, signed in in their own browser, with an API token.
    const member = await h.browser.newContext();
    const memberPage = await member.newPage();
    await signInThroughEmail(memberPage, h.app.url, h.smtp, 'removed@example.com');
    const user = await h.db.selectFrom('User').select('id').where('email', '=', 'removed@example.com').executeTakeFirstOrThrow();
    const membership = await h.db.insertInto('memberships').values({ organization_id: orgId, user_id: user.id, role: 'owner' }).returning('id').executeTakeFirstOrThrow();
    const token = `mbr_${'R'.repeat(43)}`;
    await h.db.insertInto('api_tokens').values({ membership_id: membership.id, organization_id: orgId, user_id: user.id, description: 'Member script', token_prefix: token.slice(0, 12), token_hash: hashToken(token) }).execute();
    const withToken = () => fetch(`${h.app.url}/api/trpc/org.member.list?input=${input({ orgId })}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await withToken()).status).toBe(200);
    expect((await memberPage.goto(`${h.app.url}/orgs/${orgId}/members`))?.status()).toBe(200);

    await ownerPage.reload();
    await ownerPage.getByRole('button', { name: 'Remove removed@example.com' }).click();
    await ownerPage.getByRole('dialog', { name: 'Remove removed@example.com?' }).getByRole('button', { name: 'Remove user access' }).click();
    await ownerPage.getByRole('status').getByText('removed@example.com removed').waitFor();

    expect((await withToken()).status).toBe(401);
    await memberPage.goto(`${h.app.url}/orgs/${orgId}/members`);
    expect(new URL(memberPage.url()).pathname).toBe('/sign-in');
    await Promise.all([owner.close(), member.close()]);
  });
});

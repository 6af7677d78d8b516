import { describe, expect, it } from 'vitest';
import { sentTo } from '../tests/support/smtp';
import { useAppHarness } from './support/harness';
import { signInThroughEmail } from './support/session';

const h = useAppHarness();

const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));

describe('the tRPC API over HTTP with a bearer token', () => {
  it('lets a script list members and invite with the same rules, and refuses what it must', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await signInThroughEmail(page, h.app.url, h.smtp, 'scripter@example.com');
    await page.getByRole('textbox', { name: 'Organization name' }).fill('Script Co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.waitForURL(/\/orgs\/[0-9a-f-]{36}\/members$/);
    const orgId = page.url().split('/orgs/')[1]!.split('/')[0]!;

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
});

import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { consumeRateLimit, invitationEmailLimit, mailboxKey, organizationCreationLimit, signInEmailLimits } from '@/server/rate-limit';
import { createOrganization } from '@/server/orgs/create-organization';
import { createUser } from '@/test-support/factories/users';
import { orgWithOwner } from '@/test-support/factories/organizations';
import { plantInvitation } from '@/test-support/factories/invitations';
import { callerFor, trpcError } from '@/test-support/in-process/trpc-caller';
import { snapshot, queuedJobCount } from '@/test-support/database/row-counts';
import { withoutFairShare } from '@/test-support/in-process/fair-share-switch';

const plantEvents = (bucket: string, count: number, age = '1 minute') =>
  db
    .insertInto('rate_limit_events')
    .values(Array.from({ length: count }, () => ({ bucket, created_at: sql<Date>`now() - ${age}::interval` })))
    .execute();

const jobCount = queuedJobCount;

describe('rate limits kept in PostgreSQL', () => {
  withoutFairShare();

  it('refuse the 101st invitation email of an organization in an hour, saying when to try again, and write nothing', async () => {
    const { owner, org } = await orgWithOwner();
    await plantEvents(invitationEmailLimit(org.id).bucket, 100, '10 minutes');
    const before = await snapshot();
    const error = await trpcError(callerFor(owner).org.invitation.create({ orgId: org.id, email: 'one-too-many@example.com', role: 'owner' }));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(error.message).toBe('This organization has sent 100 invitation emails in the last hour, the most allowed. Try again in 50 minutes.');
    expect(await snapshot()).toEqual(before);
    expect(await jobCount()).toBe(0);
  });

  it('follow INVITATION_EMAILS_PER_HOUR when a deployment sets it', async () => {
    const { owner, org } = await orgWithOwner();
    await plantEvents(invitationEmailLimit(org.id).bucket, 3, '10 minutes');
    process.env.INVITATION_EMAILS_PER_HOUR = '3';
    try {
      const error = await trpcError(callerFor(owner).org.invitation.create({ orgId: org.id, email: 'fourth@example.com', role: 'owner' }));
      expect(error.message).toMatch(/^This organization has sent 3 invitation emails in the last hour/);
    } finally {
      delete process.env.INVITATION_EMAILS_PER_HOUR;
    }
    await callerFor(owner).org.invitation.create({ orgId: org.id, email: 'fourth@example.com', role: 'owner' });
  });

  it('count resends too, and forget events older than the window', async () => {
    const { owner, org } = await orgWithOwner();
    const { id } = await plantInvitation(org.id, owner.userId, 'again@example.com', { last_sent_at: sql<Date>`now() - interval '5 minutes'` });
    await plantEvents(invitationEmailLimit(org.id).bucket, 100, '2 hours');
    await callerFor(owner).org.invitation.resend({ orgId: org.id, invitationId: id });
    const left = await db.selectFrom('rate_limit_events').select('id').where('bucket', '=', invitationEmailLimit(org.id).bucket).execute();
    expect(left).toHaveLength(1); // the old ones were cleaned up, the resend recorded
  });

  it('hold exactly under concurrency for an organization: 95 sent, 10 invites and 10 resends at once, 5 pass', async () => {
    // This bucket has no advisory lock of its own: invite and resend both hold the organization lock.
    const { owner, org } = await orgWithOwner();
    const resendable = await Promise.all(
      Array.from({ length: 10 }, (_, i) => plantInvitation(org.id, owner.userId, `resend${i}@example.com`, { last_sent_at: sql<Date>`now() - interval '5 minutes'` })),
    );
    await plantEvents(invitationEmailLimit(org.id).bucket, 95, '10 minutes');
    const caller = callerFor(owner);
    const results = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) => caller.org.invitation.create({ orgId: org.id, email: `rush${i}@example.com`, role: 'owner' })),
      ...resendable.map(({ id }) => caller.org.invitation.resend({ orgId: org.id, invitationId: id })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(new Set(refused.map((r) => r.reason.code))).toEqual(new Set(['TOO_MANY_REQUESTS']));
    const events = await db.selectFrom('rate_limit_events').select('id').where('bucket', '=', invitationEmailLimit(org.id).bucket).execute();
    expect(events).toHaveLength(100);
    expect(await jobCount()).toBe(5);
  });

  it('hold exactly under concurrency: 20 sign-in requests for one address, 5 pass', async () => {
    const [rule] = signInEmailLimits('Busy@Example.com', null) as [ReturnType<typeof signInEmailLimits>[number]];
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => db.transaction().execute((tx) => consumeRateLimit(tx, rule))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(new Set(refused.map((r) => r.reason.code))).toEqual(new Set(['TOO_MANY_REQUESTS']));
    expect(refused[0]!.reason.userMessage).toBe('Too many sign-in emails were requested for this address (5 an hour). Try again in 60 minutes.');
    // Addresses differing only in case share the limit; others are unaffected.
    await expect(db.transaction().execute((tx) => consumeRateLimit(tx, signInEmailLimits('busy@example.com', null)[0]!))).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    await db.transaction().execute((tx) => consumeRateLimit(tx, signInEmailLimits('calm@example.com', null)[0]!));
  });

  /** Takes every sign-in limit for one email, as sending a sign-in link does. */
  const requestSignInEmail = (email: string, ip: string | null) =>
    db.transaction().execute(async (tx) => {
      for (const rule of signInEmailLimits(email, ip)) await consumeRateLimit(tx, rule);
    });
  const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: { code: string; userMessage: string }) => error);

  it('count plus-addressed and (for Gmail) dotted forms of one mailbox together', async () => {
    expect(mailboxKey('Ada.Lovelace+news@GMail.com')).toBe('adalovelace@gmail.com');
    expect(mailboxKey('ada.lovelace@googlemail.com')).toBe('adalovelace@gmail.com');
    expect(mailboxKey('ada.lovelace+x@example.com')).toBe('ada.lovelace@example.com');
    expect(mailboxKey('+only@example.com')).toBe('+only@example.com');
    for (const email of ['ada@gmail.com', 'a.da@gmail.com', 'ada+1@gmail.com', 'A.D.A+2@googlemail.com', 'ad.a+3@gmail.com']) await requestSignInEmail(email, null);
    const sixth = await refusal(requestSignInEmail('a.d.a+6@gmail.com', null));
    expect(sixth).toMatchObject({ code: 'TOO_MANY_REQUESTS', userMessage: expect.stringContaining('for this address (5 an hour)') });
    // Dots matter elsewhere: another mailbox.
    await requestSignInEmail('a.da@example.com', null);
  });

  it('limit sign-in emails per client address, and all of them per hour, each saying when to try again', async () => {
    Object.assign(process.env, { SIGN_IN_EMAILS_PER_IP_PER_HOUR: '3', SIGN_IN_EMAILS_PER_HOUR: '5' });
    try {
      for (let i = 0; i < 3; i += 1) await requestSignInEmail(`person${i}@example.com`, '203.0.113.7');
      const fromIp = await refusal(requestSignInEmail('person3@example.com', '203.0.113.7'));
      expect(fromIp).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      expect(fromIp!.userMessage).toBe('Too many sign-in emails were requested from your network (3 an hour). Try again in 60 minutes.');
      // Nothing was counted for the refused request: the address still has its full allowance elsewhere.
      await requestSignInEmail('person3@example.com', '198.51.100.1');
      await requestSignInEmail('person4@example.com', null);
      const overall = await refusal(requestSignInEmail('person5@example.com', '198.51.100.2'));
      expect(overall!.userMessage).toBe('We are sending an unusual number of sign-in emails right now, so new requests have to wait. Try again in 60 minutes.');
    } finally {
      delete process.env.SIGN_IN_EMAILS_PER_IP_PER_HOUR;
      delete process.env.SIGN_IN_EMAILS_PER_HOUR;
    }
  });

  it('let one person create 10 organizations a day; the 11th is refused, saying when, and writes nothing', async () => {
    const person = await createUser({ email: 'founder@example.com' });
    for (let i = 0; i < 10; i += 1) await createOrganization(db, person, { name: `Venture ${i}` });
    const eleventh = await refusal(createOrganization(db, person, { name: 'One too many' }));
    expect(eleventh).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(eleventh!.userMessage).toBe('You have created 10 organizations in the last 24 hours, the most allowed. Try again in 24 hours.');
    expect(await db.selectFrom('organizations').select('id').where('name', '=', 'One too many').execute()).toEqual([]);
    // Someone else is not affected.
    await createOrganization(db, await createUser(), { name: 'Other' });
    expect(organizationCreationLimit(person.userId).bucket).toBe(`organizations:${person.userId}`);
  });
});

// What one person, credential or organization may hold at once, and that only
// members may take or wait for an organization's lock.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/db';
import type { Actor } from '@/server/actor';
import { AppError } from '@/server/errors';
import { fairShareInUse, withCredentialShare, withFairShare } from '@/server/fair-share';
import { createUser } from '@/test-support/factories/users';
import { orgWithOwner } from '@/test-support/factories/organizations';
import { plantInvitation } from '@/test-support/factories/invitations';
import { callerFor, trpcError } from '@/test-support/in-process/trpc-caller';

const person = (userId: string, memberOf: string[] = []): Actor => ({ userId, email: `${userId}@example.com`, name: null, memberOf });

/** Work that runs until released, counting how many run at once. */
function gate() {
  let running = 0;
  let peak = 0;
  const waiting: Array<() => void> = [];
  return {
    work: () =>
      new Promise<void>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        waiting.push(() => {
          running -= 1;
          resolve();
        });
      }),
    releaseAll: () => waiting.splice(0).forEach((done) => done()),
    peak: () => peak,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the fair share of the database pool', () => {
  beforeEach(() => {
    Object.assign(process.env, { POOL_SHARE_PER_PERSON: '2', POOL_SHARE_PER_ORGANIZATION: '3', POOL_SHARE_WAIT_MS: '300' });
  });
  afterEach(() => {
    for (const name of ['POOL_SHARE_PER_PERSON', 'POOL_SHARE_PER_ORGANIZATION', 'POOL_SHARE_WAIT_MS']) delete process.env[name];
  });

  it('works on at most the person share at once; the rest wait in line and then run', async () => {
    const g = gate();
    const ada = person('ada');
    const calls = Array.from({ length: 5 }, () => withFairShare(ada, undefined, g.work));
    await settle();
    expect(fairShareInUse('person:ada')).toEqual({ running: 2, waiting: 3 });
    for (let i = 0; i < 3; i += 1) {
      g.releaseAll();
      await settle();
    }
    await Promise.all(calls);
    expect(g.peak()).toBe(2);
    expect(fairShareInUse('person:ada')).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses with TOO_MANY_REQUESTS, saying why, what waited past the wait limit', async () => {
    const g = gate();
    const ada = person('ada');
    const calls = Array.from({ length: 3 }, () => withFairShare(ada, undefined, g.work).then(() => 'done', (error: unknown) => error));
    await new Promise((resolve) => setTimeout(resolve, 400));
    g.releaseAll();
    const [first, second, third] = await Promise.all(calls);
    expect([first, second]).toEqual(['done', 'done']);
    expect(third).toBeInstanceOf(AppError);
    expect((third as AppError).code).toBe('TOO_MANY_REQUESTS');
    expect((third as AppError).userMessage).toBe(
      'Too many requests at once from you: at most 2 are worked on at a time and more are waiting. Wait for them to finish, then try again.',
    );
  });

  it('does not let one person hold up another', async () => {
    const g = gate();
    const busy = Array.from({ length: 4 }, () => withFairShare(person('ada'), undefined, g.work));
    await settle();
    let graceDone = false;
    await withFairShare(person('grace'), undefined, async () => void (graceDone = true));
    expect(graceDone).toBe(true);
    g.releaseAll();
    await settle();
    g.releaseAll();
    await Promise.all(busy);
  });

  it("bounds an organization's members together, and strangers naming it take none of its share", async () => {
    const g = gate();
    const org = crypto.randomUUID();
    const members = ['m1', 'm2', 'm3', 'm4'].map((id) => person(id, [org]));
    const calls = members.map((m) => withFairShare(m, org, g.work));
    await settle();
    expect(fairShareInUse(`org:${org}`)).toEqual({ running: 3, waiting: 1 });
    // A stranger (and a token of another organization) naming it runs on their own share only.
    const stranger = withFairShare(person('stranger'), org, g.work);
    const otherToken = withFairShare({ ...person('bot'), token: { id: 't', orgId: crypto.randomUUID() } }, org, g.work);
    await settle();
    expect(fairShareInUse(`org:${org}`)).toEqual({ running: 3, waiting: 1 });
    expect(fairShareInUse('person:stranger').running).toBe(1);
    // A token of the organization counts toward it.
    const token = withFairShare({ ...person('bot2'), token: { id: 't2', orgId: org } }, org, g.work);
    await settle();
    expect(fairShareInUse(`org:${org}`)).toEqual({ running: 3, waiting: 2 });
    for (let i = 0; i < 4; i += 1) {
      g.releaseAll();
      await settle();
    }
    await Promise.all([...calls, stranger, otherToken, token]);
  });

  it('bounds the authentication lookups of one credential', async () => {
    const g = gate();
    const calls = Array.from({ length: 3 }, () => withCredentialShare('mbr_same-token', null, g.work));
    await settle();
    // Another credential is not held up.
    await withCredentialShare('mbr_other-token', null, async () => {});
    let holding = 0;
    for (const call of calls) void call.then(() => (holding += 1));
    g.releaseAll();
    await settle();
    expect(holding).toBe(2);
    g.releaseAll();
    await Promise.all(calls);
  });

  it('bounds the lookups from one client address, whatever credential each request makes up', async () => {
    const g = gate();
    const made = Array.from({ length: 3 }, (_, i) => withCredentialShare(`mbr_made-up-${i}`, '2001:db8:1:2::7', g.work));
    await settle();
    // The same /64: the same share.
    expect(fairShareInUse('address:2001:0db8:0001:0002::/64')).toEqual({ running: 2, waiting: 1 });
    // Another client is not held up.
    await withCredentialShare('mbr_someone-else', '198.51.100.1', async () => {});
    g.releaseAll();
    await settle();
    g.releaseAll();
    await Promise.all(made);
  });

  it('applies to every procedure: a batch of calls from one person runs at most the share at once', async () => {
    const { owner, org } = await orgWithOwner();
    const me = { ...owner, memberOf: [org.id] };
    // Each call holds a connection while it waits for a lock another transaction holds.
    const blocker = await db.connection().execute(async (connection) => {
      await sql`begin`.execute(connection);
      await sql`select 1 from organizations where id = ${org.id} for update`.execute(connection);
      process.env.POOL_SHARE_WAIT_MS = '10000'; // the two in line wait for the lock to go, not for a refusal
      const calls = Promise.allSettled(
        Array.from({ length: 4 }, (_, i) => callerFor(me).org.invitation.create({ orgId: org.id, email: `q${i}@example.com`, role: 'owner' })),
      );
      const onLock = async () =>
        // A transaction sees one snapshot of the statistics views unless it asks for a fresh one.
        Number((await sql<{ n: string }>`select pg_stat_clear_snapshot(), (select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()) as n`.execute(connection)).rows[0]!.n);
      // Until the share's two have reached the lock; then a while longer, in case a third would follow.
      for (const deadline = Date.now() + 5_000; (await onLock()) < 2 && Date.now() < deadline; ) await settle();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const waitingOnLock = await onLock();
      await sql`rollback`.execute(connection);
      return { waitingOnLock, results: await calls };
    });
    expect(blocker.waitingOnLock).toBe(2);
    expect(blocker.results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
  });
});

describe('an organization lock', () => {
  it('is neither taken nor waited for by a stranger: remove, resend and invite refuse them at once while a member holds it', async () => {
    const { owner, org } = await orgWithOwner();
    const { id: invitationId } = await plantInvitation(org.id, owner.userId, 'pending@example.com');
    const stranger = await createUser({ email: 'stranger@example.com' });
    await db.connection().execute(async (connection) => {
      await sql`begin`.execute(connection);
      await sql`select 1 from organizations where id = ${org.id} for no key update`.execute(connection);
      try {
        const attempts = [
          callerFor(stranger).org.member.remove({ orgId: org.id, userId: owner.userId }),
          callerFor(stranger).org.invitation.resend({ orgId: org.id, invitationId }),
          callerFor(stranger).org.invitation.create({ orgId: org.id, email: 'x@example.com', role: 'owner' }),
        ];
        // Were they queued on the lock, they would wait until the rollback below (never, within the race).
        const outcome = await Promise.race([
          Promise.all(attempts.map((attempt) => trpcError(attempt).then((e) => e.code))),
          new Promise((resolve) => setTimeout(() => resolve('still waiting for the lock'), 3_000)),
        ]);
        expect(outcome).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
      } finally {
        await sql`rollback`.execute(connection);
      }
    });
  });
});

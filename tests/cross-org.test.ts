// Cross-organization isolation, generated from the router itself: every
// procedure, called by a member of org A with org B's ids, answers NOT_FOUND and
// changes nothing. A new procedure is covered the day it is added.
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { appRouter } from '@/server/trpc/root';
import { createUser } from '@/test-support/factories/users';
import { addOwner, orgWithOwner } from '@/test-support/factories/organizations';
import { plantInvitation } from '@/test-support/factories/invitations';
import { callerFor, callPath } from '@/test-support/in-process/trpc-caller';
import { snapshot } from '@/test-support/database/row-counts';

const procedures = Object.keys(appRouter._def.procedures).sort();

async function twoOrganizations() {
  const { owner: ownerA, org: orgA } = await orgWithOwner('A');
  const { owner: ownerB, org: orgB } = await orgWithOwner('B');
  const memberB = await addOwner(orgB.id, await createUser({ email: 'member-b@example.com' }));
  const invitationB = await plantInvitation(orgB.id, ownerB.userId, 'invitee-b@example.com');
  const tokenB = await callerFor(ownerB).org.token.create({ orgId: orgB.id, description: 'B token' });
  // Every id a procedure of ours can take, all belonging to B; extra keys are ignored by each input schema.
  const idsOfB = { invitationId: invitationB.id, userId: memberB.userId, tokenId: tokenB.id };
  const harmless = { email: 'newcomer@example.com', role: 'owner', description: 'x' };
  return { ownerA, orgA, orgB, idsOfB, harmless };
}

describe('cross-organization isolation, for every procedure of the router', () => {
  it('knows the procedures it checks', () => {
    expect(procedures.length).toBeGreaterThanOrEqual(10);
  });

  it.each(procedures)("%s: org B's organization id gives a member of A NOT_FOUND and changes nothing", async (path) => {
    const { ownerA, orgB, idsOfB, harmless } = await twoOrganizations();
    const before = await snapshot();
    const error = await callPath(ownerA, path, { orgId: orgB.id, ...idsOfB, ...harmless }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain((error as TRPCError).code);
    expect(JSON.stringify(error)).not.toMatch(/member-b|invitee-b|B token/);
    expect(await snapshot()).toEqual(before);
    expect(await db.selectFrom('api_tokens').select('id').execute()).toHaveLength(1);
  });

  it.each(procedures.filter((path) => /\.(remove|resend|withdraw|revoke)$/.test(path)))(
    "%s: A's own organization id with B's object ids gives NOT_FOUND and changes nothing",
    async (path) => {
      const { ownerA, orgA, idsOfB, harmless } = await twoOrganizations();
      const before = await snapshot();
      const error = await callPath(ownerA, path, { orgId: orgA.id, ...idsOfB, ...harmless }).then(
        () => null,
        (e: unknown) => e,
      );
      expect((error as TRPCError).code).toBe('NOT_FOUND');
      expect(await snapshot()).toEqual(before);
      expect(await db.selectFrom('api_tokens').select('id').execute()).toHaveLength(1);
    },
  );
});

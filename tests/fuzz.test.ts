// Property-based checks: no input, however odd, makes a procedure fail with
// anything but a validation or authorization answer (never a 500).
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appRouter } from '@/server/trpc/root';
import { emailSchema } from '@/server/schemas';
import { hostileCursor, hostileNumber, hostileString } from '@/test-support/factories/hostile-input';
import { orgWithOwner } from '@/test-support/factories/organizations';
import { plantInvitation } from '@/test-support/factories/invitations';
import { callPath } from '@/test-support/in-process/trpc-caller';

const EXPECTED = new Set(['BAD_REQUEST', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'CONFLICT', 'PRECONDITION_FAILED', 'TOO_MANY_REQUESTS']);

describe('the email normalizer', () => {
  it('never throws, and what it accepts is trimmed, bounded, ASCII, free of control characters, and stable', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.emailAddress(), fc.string({ maxLength: 400 }).map((s) => `${s}@example.com`)), (input) => {
        const result = emailSchema.safeParse(input);
        if (!result.success) return;
        const value = result.data;
        expect(value.length).toBeLessThanOrEqual(254);
        expect(value).toBe(value.trim());
        expect(/^[\x20-\x7e]+$/.test(value)).toBe(true);
        expect(emailSchema.parse(value)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('every procedure, with arbitrary input', () => {
  const procedures = Object.keys(appRouter._def.procedures).sort();

  it.each(procedures)('%s answers with a validation or authorization error, never a 500', async (path) => {
    const { owner, org } = await orgWithOwner();
    const { id: invitationId } = await plantInvitation(org.id, owner.userId, 'fuzz-target@example.com');
    const field = <T,>(real: T) => fc.oneof(fc.constant(real), fc.anything(), fc.string({ unit: 'binary', maxLength: 300 }), fc.uuid());
    const input = fc.oneof(
      fc.anything(),
      fc.record(
        {
          orgId: field(org.id),
          email: fc.oneof(fc.emailAddress(), fc.string({ unit: 'binary' })),
          role: fc.oneof(fc.constant('owner'), fc.anything()),
          invitationId: field(invitationId),
          userId: field(owner.userId),
          tokenId: fc.oneof(fc.uuid(), fc.anything()),
          description: fc.string({ unit: 'binary', maxLength: 300 }),
          cursor: fc.oneof(fc.string({ unit: 'binary' }), fc.base64String()),
          search: fc.string({ unit: 'binary', maxLength: 300 }),
          action: fc.oneof(fc.constant('member.invited'), fc.string()),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        try {
          await callPath(owner, path, value);
        } catch (error) {
          expect(error).toBeInstanceOf(TRPCError);
          expect(EXPECTED, `${(error as TRPCError).code}: ${(error as Error).message}`).toContain((error as TRPCError).code);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('every procedure, with crafted input in one field and the rest valid', () => {
  const procedures = Object.keys(appRouter._def.procedures).sort();
  // Every string field any procedure reads; the others stay valid so the crafted one is what gets checked.
  const FIELDS = ['orgId', 'cursor', 'search', 'action', 'email', 'role', 'invitationId', 'userId', 'tokenId', 'description'] as const;

  it.each(procedures)('%s never answers a 500 to cursor-shaped, out-of-range or control-character values', async (path) => {
    const { owner, org } = await orgWithOwner();
    const { id: invitationId } = await plantInvitation(org.id, owner.userId, 'crafted-target@example.com');
    // Valid, and harmless when the call succeeds: the owner is never removed, no token is created.
    const valid = { orgId: org.id, role: 'owner', invitationId, userId: crypto.randomUUID(), tokenId: crypto.randomUUID() };
    for (const key of FIELDS) {
      const crafted = key === 'cursor' ? fc.oneof({ weight: 4, arbitrary: hostileCursor }, hostileString, hostileNumber) : fc.oneof({ weight: 4, arbitrary: hostileString }, hostileNumber);
      await fc.assert(
        fc.asyncProperty(crafted, async (value) => {
          try {
            await callPath(owner, path, { ...valid, [key]: value });
          } catch (error) {
            expect(error, `${key}: ${JSON.stringify(String(value))}`).toBeInstanceOf(TRPCError);
            expect(EXPECTED, `${key} = ${JSON.stringify(String(value))}: ${(error as TRPCError).code}: ${(error as Error).message}`).toContain((error as TRPCError).code);
          }
        }),
        { numRuns: key === 'cursor' ? 200 : 40 },
      );
    }
  });
});

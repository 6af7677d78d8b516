import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import type { Actor } from '@/server/actor';
import { AppError } from '@/server/errors';
import { createOrganization } from '@/server/orgs/create-organization';
import { listMyOrganizations } from '@/server/orgs/list-my-organizations';
import { createOrganizationInput } from '@/server/schemas';
import { parseInput } from '@/server/validate';
import { createUser } from '@/test-support/factories/users';
import { countRows } from '@/test-support/database/row-counts';

/** What the onboarding form's action does: parse the form at the edge, then create. */
const createFromForm = async (actor: Actor, form: unknown) => createOrganization(db, actor, parseInput(createOrganizationInput, form));

describe('createOrganization', () => {
  it('makes the creator its Owner and writes an audit event, together', async () => {
    const actor = await createUser();
    const org = await createFromForm(actor, { name: '  Acme   Research ' });
    expect(org.name).toBe('Acme Research');

    const membership = await db.selectFrom('memberships').selectAll().where('organization_id', '=', org.id).executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ user_id: actor.userId, role: 'owner' });
    const audit = await db.selectFrom('audit_events').selectAll().where('organization_id', '=', org.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'org.created', actor_user_id: actor.userId, target_id: org.id });
    expect(await listMyOrganizations(db, actor)).toEqual([{ id: org.id, name: 'Acme Research' }]);
  });

  it.each([
    ['an empty name', '   ', 'Enter a name for your organization.'],
    ['a name over 100 characters', 'x'.repeat(101), 'Organization names are 100 characters at most.'],
    ['a control character', 'Acme\u0000Corp', 'The name cannot contain control characters.'],
    ['a missing name', undefined, 'Enter a name for your organization.'],
  ])('refuses %s with a clear message and writes nothing', async (_case, name, message) => {
    const actor = await createUser();
    const error = await createFromForm(actor, { name }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', userMessage: message });
    expect(await countRows('organizations')).toBe(0);
  });

  it('refuses anonymous callers', async () => {
    await expect(createOrganization(db, null, { name: 'Acme' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('leaves nothing behind when a later step of the transaction fails', async () => {
    // A user id that does not exist makes the membership insert fail after the
    // organization row was written: the whole transaction must roll back.
    const ghost = { userId: crypto.randomUUID(), email: 'ghost@example.com', name: null };
    await expect(createOrganization(db, ghost, { name: 'Acme' })).rejects.toMatchObject({ code: '23503' });
    expect(await countRows('organizations')).toBe(0);
    expect(await countRows('audit_events')).toBe(0);
  });
});

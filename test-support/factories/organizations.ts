import { db } from '@/db';
import type { Actor } from '@/server/actor';
import { createOrganization } from '@/server/orgs/create-organization';
import { createUser } from './users';

export async function orgWithOwner(name = 'Acme') {
  const owner = await createUser({ name: 'Olivia Owner' });
  const org = await createOrganization(db, owner, { name });
  return { owner, org };
}

/** Adds an existing (or new) person to an organization as Owner. */
export async function addOwner(orgId: string, person?: Actor): Promise<Actor> {
  const member = person ?? (await createUser());
  await db.insertInto('memberships').values({ organization_id: orgId, user_id: member.userId, role: 'owner' }).execute();
  return member;
}

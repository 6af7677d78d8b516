import type { DB } from '@/db';
import { type Actor, requireActor } from '@/server/actor';
import type { OrganizationSummary } from './create-organization';

/** The organizations the actor belongs to, by name. */
export async function listMyOrganizations(db: DB, actor: Actor | null): Promise<OrganizationSummary[]> {
  const { userId } = requireActor(actor);
  return db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['o.id', 'o.name'])
    .where('m.user_id', '=', userId)
    .orderBy('o.name')
    .orderBy('o.id')
    .execute();
}

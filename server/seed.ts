import { sql } from 'kysely';
import type { DB } from '@/db';
import { createOrganization } from '@/server/orgs/create-organization';

export const DEMO_OWNER_EMAIL = 'owner@example.com';
export const DEMO_ORGANIZATION_NAME = 'Demo Organization';

/**
 * Development only: on an empty database, create a demo organization with one
 * Owner so a newcomer can sign in at once. Returns true when it seeded.
 */
export async function seedDemoOrganization(db: DB): Promise<boolean> {
  const owner = await db.transaction().execute(async (tx) => {
    // Two processes starting at once must not both seed.
    await sql`select pg_advisory_xact_lock(hashtext('members:seed-demo'))`.execute(tx);
    const anyone = await tx.selectFrom('User').select('id').limit(1).executeTakeFirst();
    if (anyone) return null;
    return tx
      .insertInto('User')
      .values({ id: crypto.randomUUID(), email: DEMO_OWNER_EMAIL, name: 'Demo Owner', emailVerified: new Date() })
      .returning(['id', 'email', 'name'])
      .executeTakeFirstOrThrow();
  });
  if (!owner) return false;
  await createOrganization(db, { userId: owner.id, email: owner.email, name: owner.name }, { name: DEMO_ORGANIZATION_NAME });
  return true;
}

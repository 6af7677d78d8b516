import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { DEMO_ORGANIZATION_NAME, DEMO_OWNER_EMAIL, seedDemoOrganization } from '@/server/seed';
import { createUser } from '@/test-support/factories/users';
import { countRows } from '@/test-support/database/row-counts';

describe('demo seed', () => {
  it('creates one demo organization with one owner on an empty database, once', async () => {
    const results = await Promise.all([seedDemoOrganization(db), seedDemoOrganization(db), seedDemoOrganization(db)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await seedDemoOrganization(db)).toBe(false);

    const rows = await db
      .selectFrom('memberships as m')
      .innerJoin('User as u', 'u.id', 'm.user_id')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .select(['u.email', 'o.name', 'm.role'])
      .execute();
    expect(rows).toEqual([{ email: DEMO_OWNER_EMAIL, name: DEMO_ORGANIZATION_NAME, role: 'owner' }]);
  });

  it('leaves a database with people in it alone', async () => {
    await createUser();
    expect(await seedDemoOrganization(db)).toBe(false);
    expect(await countRows('organizations')).toBe(0);
  });
});

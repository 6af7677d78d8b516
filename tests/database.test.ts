import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { createUser } from './support/factories';

describe('database schema', () => {
  it('has every table the app uses, created by the migrations', async () => {
    const tables = await db.introspection.getTables();
    const names = tables.map((t) => t.name);
    for (const table of ['User', 'Account', 'Session', 'VerificationToken', 'organizations', 'memberships', 'audit_events', 'dev_emails']) {
      expect(names).toContain(table);
    }
  });

  it('treats email addresses as unique regardless of case', async () => {
    await createUser({ email: 'Ada@Example.com' });
    await expect(createUser({ email: 'ada@example.COM' })).rejects.toMatchObject({ code: '23505' });
    const found = await db.selectFrom('User').select('email').where('email', '=', 'ADA@EXAMPLE.COM').executeTakeFirst();
    expect(found?.email).toBe('Ada@Example.com');
  });

  it('accepts only known roles for memberships', async () => {
    const user = await createUser();
    const org = await db.insertInto('organizations').values({ name: 'Acme' }).returning('id').executeTakeFirstOrThrow();
    await expect(
      sql`insert into memberships (organization_id, user_id, role) values (${org.id}, ${user.userId}, 'admin')`.execute(db),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('keeps one membership per person and organization', async () => {
    const user = await createUser();
    const org = await db.insertInto('organizations').values({ name: 'Acme' }).returning('id').executeTakeFirstOrThrow();
    const membership = { organization_id: org.id, user_id: user.userId, role: 'owner' as const };
    await db.insertInto('memberships').values(membership).execute();
    await expect(db.insertInto('memberships').values(membership).execute()).rejects.toMatchObject({ code: '23505' });
  });
});

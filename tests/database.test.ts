import { sql } from 'kysely';
import { planPerCall, preparedStatementName } from '@/db/prepared';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { isoUtc } from '@/server/sql/expressions';
import { createUser } from '@/test-support/factories/users';

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

describe('prepared statements', () => {
  it('sends parameterised queries as named statements, parsed once per connection and reused', async () => {
    await db.connection().execute(async (connection) => {
      const probe = (id: string) => connection.selectFrom('organizations').select(['id', 'name as preparedProbe']).where('id', '=', id);
      await probe(crypto.randomUUID()).execute();
      await probe(crypto.randomUUID()).execute();
      const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(connection);
      const mine = rows.filter((row) => row.statement === probe('').compile().sql);
      expect(mine).toHaveLength(1); // one statement, whatever the id: parsed once, executed twice
      expect(mine[0]!.name).toMatch(/^k[\w-]{20}$/);
      // A statement without parameters goes as a simple query, not prepared.
      await sql`select 1 as "unprepared-probe"`.execute(connection);
      const after = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(connection);
      expect(after.rows.some((row) => row.statement.includes('unprepared-probe'))).toBe(false);
    });
  });

  it('sends a statement unnamed only when it says so with planPerCall, whatever its SQL', async () => {
    const search = (pattern: string) => db.selectFrom('User').select('id').where(sql<boolean>`lower(email) like ${pattern} ${planPerCall}`);
    expect(preparedStatementName(search('ada%').compile().sql)).toBeNull();
    // No guessing from the text: a LIKE, ILIKE or regex without the marker is named (its generic plan is then checked by query-plans.test.ts).
    for (const operator of ['like', 'ilike', '~']) {
      expect(preparedStatementName(db.selectFrom('User').select('id').where('email', operator as 'like', 'a%').compile().sql)).toMatch(/^k/);
    }
    await db.connection().execute(async (connection) => {
      await connection.selectFrom('User').select('id as planPerCallProbe').where(sql<boolean>`email like ${'x%'} ${planPerCall}`).execute();
      const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(connection);
      expect(rows.some((row) => row.statement.includes('planPerCallProbe'))).toBe(false);
    });
  });

  it('still reports a failing statement as the same error, and runs it again once fixed', async () => {
    await db.connection().execute(async (connection) => {
      const insert = (name: string) => connection.insertInto('organizations').values({ name }).returning('id').execute();
      await expect(sql`select ${1}::int / ${0}::int`.execute(connection)).rejects.toMatchObject({ code: '22012' });
      await expect(sql`select ${1}::int / ${0}::int`.execute(connection)).rejects.toMatchObject({ code: '22012' });
      const { rows } = await sql<{ q: number }>`select ${6}::int / ${3}::int as q`.execute(connection);
      expect(rows[0]!.q).toBe(2);
      expect(await insert('Prepared A')).toHaveLength(1);
    });
  });
});

describe('instants in API answers', () => {
  it('are formatted by PostgreSQL exactly as toISOString() writes them: UTC, milliseconds, microseconds dropped', async () => {
    const { rows } = await sql<{ text: string; parsed: Date }>`
      select ${isoUtc('t')} as text, t as parsed
      from (values (timestamptz '2026-12-01 23:30:00.262999-02'), (timestamptz '1999-01-01 00:00:00+00'), (timestamptz '2026-06-30 12:00:00.5+05:30')) as v(t)`.execute(db);
    expect(rows.map((row) => row.text)).toEqual(['2026-12-02T01:30:00.262Z', '1999-01-01T00:00:00.000Z', '2026-06-30T06:30:00.500Z']);
    expect(rows.map((row) => row.text)).toEqual(rows.map((row) => row.parsed.toISOString()));
  });

  it('stay null where the column is null', async () => {
    const { rows } = await sql<{ text: string | null }>`select ${isoUtc('t')} as text from (values (null::timestamptz)) as v(t)`.execute(db);
    expect(rows).toEqual([{ text: null }]);
  });
});

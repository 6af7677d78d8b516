import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { findFreePort } from '@/db/free-port';
import type { Database } from '@/db/types';
import { actorForSessionToken } from '@/server/auth/sessions';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '@/server/errors';
import { createContext } from '@/server/trpc/init';
import { createCaller } from '@/server/trpc/root';
import { createUser } from '@/test-support/factories/users';
import { orgWithOwner } from '@/test-support/factories/organizations';
import { trpcError } from '@/test-support/in-process/trpc-caller';

const dead = new Kysely<Database>({
  dialect: new PostgresDialect({ pool: async () => new pg.Pool({ connectionString: `postgres://members@localhost:${await findFreePort()}/members` }) }),
});
afterAll(() => dead.destroy());

describe('sessions read from the database', () => {
  it('finds the person of a live session, and no one for an unknown or expired one', async () => {
    const person = await createUser({ email: 'session@example.com' });
    const day = 24 * 60 * 60 * 1000;
    await db
      .insertInto('Session')
      .values([
        { sessionToken: 'live-token', userId: person.userId, expires: new Date(Date.now() + day) },
        { sessionToken: 'old-token', userId: person.userId, expires: new Date(Date.now() - 1000) },
      ])
      .execute();
    expect(await actorForSessionToken(db, 'live-token')).toEqual({ ...person, memberOf: [] });
    expect(await actorForSessionToken(db, 'old-token')).toBeNull();
    expect(await actorForSessionToken(db, 'no-such-token')).toBeNull();
  });

  it('lets a database failure through instead of answering "signed out"', async () => {
    const error = await actorForSessionToken(dead, 'live-token').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });
});

describe('a database that cannot be reached', () => {
  it('is told apart from a bug: refused, cut or restarting connections count; SQL errors do not', async () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: '08006' }) }))).toBe(true);
    const syntax = await db.selectFrom('organizations').selectAll().where('id', '=', 'not-a-uuid').execute().catch((e: unknown) => e);
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    expect(isDatabaseUnavailable(new Error('anything else'))).toBe(false);
  });

  it('makes a procedure answer SERVICE_UNAVAILABLE with a plain message, not a generic 500', async () => {
    const { owner, org } = await orgWithOwner();
    const caller = createCaller(createContext({ db: dead, actor: owner }));
    const error = await trpcError(caller.org.member.list({ orgId: org.id }));
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe(DATABASE_UNAVAILABLE_MESSAGE);
  });
});

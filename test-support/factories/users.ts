import { db } from '@/db';
import type { Actor } from '@/server/actor';

let counter = 0;

/** A user row, as Auth.js would create it on first sign-in. */
export async function createUser(overrides: { email?: string; name?: string | null } = {}): Promise<Actor> {
  counter += 1;
  const row = await db
    .insertInto('User')
    .values({
      id: crypto.randomUUID(),
      email: overrides.email ?? `person${counter}-${Date.now()}@example.com`,
      name: overrides.name === undefined ? `Person ${counter}` : overrides.name,
      emailVerified: new Date(),
    })
    .returning(['id', 'email', 'name'])
    .executeTakeFirstOrThrow();
  return { userId: row.id, email: row.email, name: row.name };
}

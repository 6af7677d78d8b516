import { sql } from 'kysely';
import type { Tx } from '@/db';

/** The account of an address the link proved; created (or named) if needed. */
export async function findOrCreateUser(tx: Tx, email: string, name: string | null): Promise<string> {
  const created = await tx
    .insertInto('User')
    .values({ id: crypto.randomUUID(), email, name, emailVerified: new Date() })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (created) return created.id;
  const existing = await tx
    .updateTable('User')
    .set((eb) => ({ name: eb.fn.coalesce('name', eb.val(name)), emailVerified: eb.fn.coalesce('emailVerified', sql<Date>`now()`) }))
    .where('email', '=', email)
    .returning('id')
    .executeTakeFirstOrThrow();
  return existing.id;
}

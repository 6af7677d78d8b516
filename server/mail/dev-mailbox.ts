import { db } from '@/db';
import { getConfig } from '@/server/config';
import { notFound } from '@/server/errors';

/** The development mailbox exists only outside production. */
function assertDevelopment() {
  if (getConfig().production) throw notFound();
}

export async function listDevEmails() {
  assertDevelopment();
  return db
    .selectFrom('dev_emails')
    .select(['id', 'to_address', 'subject', 'created_at'])
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}

export async function getDevEmail(id: string) {
  assertDevelopment();
  if (!/^\d{1,18}$/.test(id)) throw notFound('Message');
  const email = await db.selectFrom('dev_emails').selectAll().where('id', '=', id).executeTakeFirst();
  if (!email) throw notFound('Message');
  return email;
}

import { sql } from 'kysely';
import type { Tx } from '@/db';

/**
 * Serializes the changes of one organization whose rules count rows (at most
 * 50 pending invitations, never the last Owner): concurrent transactions wait
 * here instead of all passing a check and then all inserting. NO KEY UPDATE
 * does not block inserts that merely reference the organization.
 */
export async function lockOrganization(tx: Tx, orgId: string): Promise<void> {
  await sql`select 1 from organizations where id = ${orgId} for no key update`.execute(tx);
}

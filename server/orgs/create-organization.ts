import type { DB } from '@/db';
import { type Actor, requireActor } from '@/server/actor';
import { recordAuditEvent } from '@/server/audit/record-audit-event';
import { consumeRateLimit, organizationCreationLimit } from '@/server/rate-limit';
import type { CreateOrganizationInput } from '@/server/schemas';

export type OrganizationSummary = { id: string; name: string };

/**
 * Creates an organization with the actor as its first Owner, audited, in one transaction;
 * a person may create a few a day (each comes with its own allowance of invitation emails).
 */
export async function createOrganization(db: DB, actor: Actor | null, input: CreateOrganizationInput): Promise<OrganizationSummary> {
  const owner = requireActor(actor);
  const { name } = input;
  return db.transaction().execute(async (tx) => {
    await consumeRateLimit(tx, organizationCreationLimit(owner.userId));
    const org = await tx.insertInto('organizations').values({ name }).returning(['id', 'name']).executeTakeFirstOrThrow();
    await tx.insertInto('memberships').values({ organization_id: org.id, user_id: owner.userId, role: 'owner' }).execute();
    await recordAuditEvent(tx, {
      organizationId: org.id,
      actor: owner,
      action: 'org.created',
      target: { type: 'organization', id: org.id },
      metadata: { name },
    });
    return org;
  });
}

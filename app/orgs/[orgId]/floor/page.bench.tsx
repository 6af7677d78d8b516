import { sql } from 'kysely';
import type { Metadata } from 'next';
import { db } from '@/db';
import { loadMembership } from '../load-membership';

// The benchmark's floor (bench/members-scale.ts): an organization page with the
// same authentication and layout as the Members page, whose own work is one
// trivial query. Only the benchmark's build has it (the .bench.tsx extension: next.config.mjs).

type Props = { params: Promise<{ orgId: string }> };

export const metadata: Metadata = { title: 'Floor' };

export default async function FloorPage({ params }: Props) {
  const { orgId } = await params;
  const { membership } = await loadMembership(orgId);
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(db);
  return (
    <h1 className="text-2xl font-semibold">
      {membership.orgName} at {rows[0]!.now.toISOString()}
    </h1>
  );
}

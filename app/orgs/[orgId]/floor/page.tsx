import { sql } from 'kysely';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { db } from '@/db';
import { loadMembership } from '../load-membership';
import { getConfig } from '@/server/config';

// The benchmark's floor (bench/members-scale.ts): an organization page with the
// same authentication and layout as the Members page, whose own work is one
// trivial query. It exists only when BENCH_FLOOR_PAGE=1; otherwise it is a 404.

type Props = { params: Promise<{ orgId: string }> };

export const metadata: Metadata = { title: 'Floor' };

export default async function FloorPage({ params }: Props) {
  if (!getConfig().benchFloorPages) notFound();
  const { orgId } = await params;
  const { membership } = await loadMembership(orgId);
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(db);
  return (
    <h1 className="text-2xl font-semibold">
      {membership.orgName} at {rows[0]!.now.toISOString()}
    </h1>
  );
}

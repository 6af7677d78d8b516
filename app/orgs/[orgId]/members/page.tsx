import type { Metadata } from 'next';
import { HydrateClient, getQueryClient, trpc } from '@/app/_trpc/server';
import { loadMembership } from '../load-membership';
import { memberListOptions, MemberList } from './member-list';

type Props = { params: Promise<{ orgId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { orgId } = await params;
  const { membership } = await loadMembership(orgId, `/orgs/${orgId}/members`);
  return { title: `Members of ${membership.orgName}` };
}

export default async function MembersPage({ params }: Props) {
  const { orgId } = await params;
  // Authorization happens here, in the page's own server call, not in the layout.
  const { membership } = await loadMembership(orgId, `/orgs/${orgId}/members`);
  await getQueryClient().prefetchInfiniteQuery(trpc.org.member.list.infiniteQueryOptions({ orgId }, memberListOptions));
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Members</h1>
      <HydrateClient>
        <MemberList orgId={membership.orgId} orgName={membership.orgName} />
      </HydrateClient>
    </>
  );
}

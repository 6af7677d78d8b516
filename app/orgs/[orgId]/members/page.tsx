import type { Metadata } from 'next';
import { HydrateClient, getQueryClient, trpc } from '@/app/_trpc/server';
import { loadMembership } from '../load-membership';
import { InvitationList, invitationListOptions } from './invitation-list';
import { InviteForm } from './invite-form';
import { MemberList, memberListOptions } from './member-list';

type Props = { params: Promise<{ orgId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { orgId } = await params;
  const { membership } = await loadMembership(orgId);
  return { title: `Members · ${membership.orgName}` };
}

export default async function MembersPage({ params }: Props) {
  const { orgId } = await params;
  // Authorization happens here, in the page's own server call, not in the layout.
  const { actor, membership } = await loadMembership(orgId);
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchInfiniteQuery(trpc.org.member.list.infiniteQueryOptions({ orgId }, memberListOptions)),
    queryClient.prefetchInfiniteQuery(trpc.org.invitation.list.infiniteQueryOptions({ orgId }, invitationListOptions)),
  ]);
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Members</h1>
      <div className="space-y-6">
        <InviteForm orgId={membership.orgId} />
        <HydrateClient>
          <InvitationList orgId={membership.orgId} />
          <MemberList orgId={membership.orgId} orgName={membership.orgName} currentUserId={actor.userId} />
        </HydrateClient>
      </div>
    </>
  );
}

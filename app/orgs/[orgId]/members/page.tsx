import type { Metadata } from 'next';
import { firstPage, HydrateClient, seedQuery, trpc } from '@/app/_trpc/server';
import { db } from '@/db';
import { listInvitations } from '@/server/invitations/list-invitations';
import { listMembers } from '@/server/members/list-members';
import { loadMembership } from '../load-membership';
import { InvitationList } from './invitation-list';
import { InviteForm } from './invite-form';
import { MemberList } from './member-list';

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
  // The first page of each list, read by the same services as the tRPC procedures and
  // handed to the client's queries under their own keys (the lists' data then refreshes
  // through tRPC). Called directly, since tRPC's server caller would add its own work to
  // every page view (docs/decisions/027-pages-seed-their-first-page.md).
  const [members, invitations] = await Promise.all([listMembers(db, actor, { orgId }), listInvitations(db, actor, { orgId })]);
  seedQuery(trpc.org.member.list.infiniteQueryKey({ orgId }), firstPage(members));
  seedQuery(trpc.org.invitation.list.infiniteQueryKey({ orgId }), firstPage(invitations));
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

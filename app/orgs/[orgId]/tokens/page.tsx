import type { Metadata } from 'next';
import { HydrateClient, getQueryClient, trpc } from '@/app/_trpc/server';
import { loadMembership } from '../load-membership';
import { CreateTokenForm } from './create-token-form';
import { TokenList } from './token-list';

type Props = { params: Promise<{ orgId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { orgId } = await params;
  const { membership } = await loadMembership(orgId);
  return { title: `API tokens · ${membership.orgName}` };
}

export default async function TokensPage({ params }: Props) {
  const { orgId } = await params;
  const { membership } = await loadMembership(orgId);
  await getQueryClient().prefetchQuery(trpc.org.token.list.queryOptions({ orgId }));
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">API tokens</h1>
      <div className="space-y-6">
        <CreateTokenForm orgId={membership.orgId} />
        <HydrateClient>
          <TokenList orgId={membership.orgId} />
        </HydrateClient>
      </div>
    </>
  );
}

import type { Metadata } from 'next';
import { HydrateClient, seedQuery, trpc } from '@/app/_trpc/server';
import { db } from '@/db';
import { listApiTokens } from '@/server/tokens/list-api-tokens';
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
  const { actor, membership } = await loadMembership(orgId);
  seedQuery(trpc.org.token.list.queryKey({ orgId }), await listApiTokens(db, actor, { orgId }));
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

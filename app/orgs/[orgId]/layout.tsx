import Link from 'next/link';
import type { ReactNode } from 'react';
import { OrgMenu } from '@/app/_components/org-menu';
import { SignOutButton } from '@/app/_components/sign-out-button';
import { TRPCReactProvider } from '@/app/_trpc/client';
import { db } from '@/db';
import { listMyOrganizations } from '@/server/orgs/list-my-organizations';
import { loadMembership } from './load-membership';

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { actor, membership } = await loadMembership(orgId);
  const organizations = await listMyOrganizations(db, actor);
  return (
    <TRPCReactProvider>
      <header className="border-b border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
        <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
          <div className="flex items-center gap-4">
            <Link href="/" className="text-base font-bold">
              Members
            </Link>
            <OrgMenu
              current={{ id: membership.orgId, name: membership.orgName }}
              others={organizations.filter((org) => org.id !== membership.orgId)}
            />
          </div>
          <div className="flex items-center gap-3">
            <span className="hidden text-sm text-gray-600 sm:inline dark:text-gray-400">{actor.email}</span>
            <SignOutButton />
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </TRPCReactProvider>
  );
}

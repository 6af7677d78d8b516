'use client';

import { useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { buttonClass } from '@/app/_components/ui';
import { formatDate, ROLE_LABELS } from '@/server/format';
import { useTRPC } from '@/app/_trpc/client';
import type { MemberPage } from '@/server/members/list-members';

export const memberListOptions = { getNextPageParam: (page: MemberPage) => page.nextCursor };


export function MemberList({ orgId, orgName }: { orgId: string; orgName: string }) {
  const trpc = useTRPC();
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage } = useSuspenseInfiniteQuery(
    trpc.org.member.list.infiniteQueryOptions({ orgId }, memberListOptions),
  );
  const members = data.pages.flatMap((page) => page.items);

  return (
    <section aria-labelledby="member-list-heading" className="rounded-lg border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
      <h2 id="member-list-heading" className="border-b border-gray-200 px-4 py-3 text-base font-semibold dark:border-gray-800">
        People in {orgName}
      </h2>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Members of {orgName}</caption>
        <thead className="text-gray-600 dark:text-gray-400">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Email</th>
            <th scope="col" className="px-4 py-2 font-medium">Name</th>
            <th scope="col" className="px-4 py-2 font-medium">Role</th>
            <th scope="col" className="px-4 py-2 font-medium">Joined</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.userId} className="border-t border-gray-100 dark:border-gray-800">
              <td className="break-all px-4 py-2">{member.email}</td>
              <td className="px-4 py-2">{member.name ?? <span className="text-gray-500 dark:text-gray-400">—</span>}</td>
              <td className="px-4 py-2">{ROLE_LABELS[member.role]}</td>
              <td className="px-4 py-2">
                <time dateTime={member.joinedAt}>{formatDate(member.joinedAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasNextPage ? (
        <div className="border-t border-gray-200 p-4 dark:border-gray-800">
          <button type="button" className={buttonClass('secondary')} disabled={isFetchingNextPage} onClick={() => fetchNextPage()}>
            {isFetchingNextPage ? 'Loading…' : 'Show more members'}
          </button>
        </div>
      ) : null}
    </section>
  );
}

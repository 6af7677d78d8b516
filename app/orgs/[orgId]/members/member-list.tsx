'use client';

import { useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { buttonClass } from '@/app/_components/ui';
import { useTRPC } from '@/app/_trpc/client';
import { Time } from '@/app/_components/time';
import { ROLE_LABELS } from '@/lib/format';
import type { MemberDto, MemberPage } from '@/server/members/list-members';
import { removeAction } from './actions';
import { ListSearch, ShowMore } from './list-search';
import { useOrgMutation } from '../use-org-mutation';

const memberListOptions = { getNextPageParam: (page: MemberPage) => page.nextCursor };

export function MemberList({ orgId, orgName, currentUserId }: { orgId: string; orgName: string; currentUserId: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage } = useSuspenseInfiniteQuery(
    trpc.org.member.list.infiniteQueryOptions({ orgId, ...(deferredSearch ? { search: deferredSearch } : {}) }, memberListOptions),
  );
  const members = data.pages.flatMap((page) => page.items);
  const [removing, setRemoving] = useState<MemberDto | null>(null);
  const remove = useOrgMutation();
  const removingSelf = removing?.userId === currentUserId;

  return (
    <section aria-labelledby="member-list-heading" className="rounded-lg border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
      <h2 id="member-list-heading" className="px-4 py-3 text-base font-semibold">
        {`People in ${orgName}`}
      </h2>
      {hasNextPage || search ? <ListSearch id="member-search" label="Search members by email or name" value={search} onChange={setSearch} /> : null}
      {members.length === 0 ? (
        <p className="border-t border-gray-100 px-4 py-6 text-sm text-gray-600 dark:border-gray-800 dark:text-gray-400">
          No member matches &quot;{deferredSearch}&quot;. Search finds the start of an email address or a name; clear the search to see everyone.
        </p>
      ) : (
        // Below 640 px the table becomes stacked rows (one block per member, labelled values).
        // display:block makes browsers drop a table's semantics, so every part states its role.
        <table role="table" aria-labelledby="member-table-caption" className="w-full text-left text-sm max-sm:block">
          <caption id="member-table-caption" className="sr-only">
            {`Members of ${orgName}`}
          </caption>
          <thead role="rowgroup" className="text-gray-600 max-sm:sr-only dark:text-gray-400">
            <tr role="row">
              <th role="columnheader" scope="col" className="px-4 py-2 font-medium">Email</th>
              <th role="columnheader" scope="col" className="px-4 py-2 font-medium">Name</th>
              <th role="columnheader" scope="col" className="px-4 py-2 font-medium">Role</th>
              <th role="columnheader" scope="col" className="px-4 py-2 font-medium">Joined</th>
              <th role="columnheader" scope="col" className="px-4 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          {/* member-rows names the list for e2e/responsive.test.ts; it carries no style. */}
          <tbody role="rowgroup" className="member-rows max-sm:block">
            {members.map((member) => (
              <tr role="row" key={member.userId} className="border-t border-gray-100 max-sm:block max-sm:py-2 dark:border-gray-800">
                <td role="cell" className="break-all px-4 py-2 max-sm:block max-sm:py-0.5 max-sm:font-medium">
                  {member.email}
                  {member.userId === currentUserId ? <span className="ml-2 text-xs text-gray-500 dark:text-gray-400">(you)</span> : null}
                </td>
                <td role="cell" data-label="Name" className="stacked-cell">{member.name ?? <span className="text-gray-500 dark:text-gray-400">—</span>}</td>
                <td role="cell" data-label="Role" className="stacked-cell">{ROLE_LABELS[member.role]}</td>
                <td role="cell" data-label="Joined" className="stacked-cell">
                  <Time value={member.joinedAt} show="date" />
                </td>
                <td role="cell" className="px-4 py-2 text-right max-sm:block max-sm:py-1 max-sm:text-left">
                  <button type="button" className={buttonClass('quiet')} aria-label={`Remove ${member.email}`} onClick={() => setRemoving(member)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasNextPage ? <ShowMore onClick={() => fetchNextPage()} pending={isFetchingNextPage} label="Show more members" /> : null}
      <ConfirmDialog
        open={removing !== null}
        title={removingSelf ? `Leave ${orgName}?` : `Remove ${removing?.email ?? ''}?`}
        confirmLabel="Remove user access"
        pendingLabel="Removing…"
        pending={remove.pending}
        onClose={() => setRemoving(null)}
        onConfirm={() => removing && remove.run(() => removeAction(orgId, removing.userId), () => setRemoving(null))}
      >
        {removingSelf
          ? `You will lose access to ${orgName} at once. Only another Owner can invite you back.`
          : `${removing?.email ?? ''} loses access to ${orgName} at once, and the invitations they sent are withdrawn. This cannot be undone; you can invite them again later.`}
      </ConfirmDialog>
    </section>
  );
}

'use client';

import { useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { ActionButton, buttonClass } from '@/app/_components/ui';
import { useTRPC } from '@/app/_trpc/client';
import { Time } from '@/app/_components/time';
import { ROLE_LABELS } from '@/lib/format';
import type { InvitationDto, InvitationPage } from '@/server/invitations/list-invitations';
import { resendAction, withdrawAction } from './actions';
import { ListSearch, ShowMore } from './list-search';
import { useOrgMutation } from '../use-org-mutation';

const invitationListOptions = { getNextPageParam: (page: InvitationPage) => page.nextCursor };

export function InvitationList({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage } = useSuspenseInfiniteQuery(
    trpc.org.invitation.list.infiniteQueryOptions(
      { orgId, ...(deferredSearch ? { search: deferredSearch } : {}) },
      // While an email is on its way, look again every few seconds to show "Sent" or "Delivery failed".
      { ...invitationListOptions, refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((i) => i.delivery.state === 'sending')) ? 2000 : false) },
    ),
  );
  const invitations = data.pages.flatMap((page) => page.items);
  const { pendingCount, limit } = data.pages[0]!;
  const [withdrawing, setWithdrawing] = useState<InvitationDto | null>(null);
  const withdraw = useOrgMutation();

  return (
    <section aria-labelledby="invitations-heading" className="rounded-lg border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
      <div className="flex items-baseline justify-between gap-4 px-4 py-3">
        <h2 id="invitations-heading" className="text-base font-semibold">
          Pending invitations
        </h2>
        <p className="text-sm text-gray-600 dark:text-gray-400">
          {`${pendingCount} of ${limit}`}
          <span className="sr-only"> pending invitations in use</span>
        </p>
      </div>
      {hasNextPage || search ? <ListSearch id="invitation-search" label="Search invitations by email" value={search} onChange={setSearch} /> : null}
      {invitations.length === 0 ? (
        <p className="border-t border-gray-100 px-4 py-6 text-sm text-gray-600 dark:border-gray-800 dark:text-gray-400">
          {search
            ? `No invitation matches "${deferredSearch}". Search finds the start of an email address; clear the search to see every invitation.`
            : 'No pending invitations. Invite someone above.'}
        </p>
      ) : (
        // invitation-rows names the list for e2e/responsive.test.ts; it carries no style.
        <ul className="invitation-rows divide-y divide-gray-100 border-t border-gray-100 dark:divide-gray-800 dark:border-gray-800">
          {invitations.map((invitation) => (
            <InvitationRow key={invitation.id} orgId={orgId} invitation={invitation} onWithdraw={() => setWithdrawing(invitation)} />
          ))}
        </ul>
      )}
      {hasNextPage ? <ShowMore onClick={() => fetchNextPage()} pending={isFetchingNextPage} label="Show more invitations" /> : null}
      <ConfirmDialog
        open={withdrawing !== null}
        title="Withdraw this invitation?"
        confirmLabel="Withdraw Invitation"
        pendingLabel="Withdrawing…"
        pending={withdraw.pending}
        onClose={() => setWithdrawing(null)}
        onConfirm={() => withdrawing && withdraw.run(() => withdrawAction(orgId, withdrawing.id), () => setWithdrawing(null))}
      >
        The link sent to <strong>{withdrawing?.email}</strong> will stop working. You can invite them again later.
      </ConfirmDialog>
    </section>
  );
}

function InvitationRow({ orgId, invitation, onWithdraw }: { orgId: string; invitation: InvitationDto; onWithdraw: () => void }) {
  const resend = useOrgMutation();
  return (
    <li className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0">
        <p className="break-all font-medium">
          {invitation.email}
          {invitation.expired ? (
            <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-900 dark:text-amber-100">Expired</span>
          ) : null}
        </p>
        <p className="text-sm text-gray-600 dark:text-gray-400">
          {`${ROLE_LABELS[invitation.role]}${invitation.invitedBy ? ` · invited by ${invitation.invitedBy.name ?? invitation.invitedBy.email}` : ''} · `}
          <Time value={invitation.expiresAt} show="expiry" />
        </p>
        <DeliveryState delivery={invitation.delivery} />
      </div>
      <div className="flex shrink-0 gap-2">
        <ActionButton
          type="button"
          variant="secondary"
          aria-label={`Resend invitation to ${invitation.email}`}
          pending={resend.pending}
          pendingLabel="Resending…"
          onClick={() => resend.run(() => resendAction(orgId, invitation.id))}
        >
          Resend
        </ActionButton>
        <button type="button" className={buttonClass('quiet')} aria-label={`Withdraw invitation to ${invitation.email}`} onClick={onWithdraw}>
          Withdraw
        </button>
      </div>
    </li>
  );
}

/** Whether the email went out, so nobody has to wonder. */
function DeliveryState({ delivery }: { delivery: InvitationDto['delivery'] }) {
  if (delivery.state === 'sent') {
    return (
      <p className="text-sm text-green-800 dark:text-green-300">
        Sent <Time value={delivery.at} show="relative" />
      </p>
    );
  }
  if (delivery.state === 'failed') {
    return <p className="text-sm font-medium text-red-700 dark:text-red-400">Delivery failed: {delivery.reason}. Check the address, then resend.</p>;
  }
  return (
    <p className="text-sm text-gray-600 dark:text-gray-400">
      {delivery.retrying ? `Sending (retrying: ${delivery.retrying})` : 'Sending…'}
    </p>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { Time } from '@/app/_components/time';
import { buttonClass } from '@/app/_components/ui';
import { db } from '@/db';
import { AUDIT_ACTIONS } from '@/db/types';
import { listAuditEvents } from '@/server/audit/list-audit-events';
import { INVALID_PAGE_LINK_MESSAGE } from '@/server/errors';
import { isAuditCursor } from '@/server/schemas';
import { loadMembership } from '../load-membership';

// A repeated parameter (?cursor=1&cursor=2) arrives as an array.
type Props = { params: Promise<{ orgId: string }>; searchParams: Promise<{ action?: string | string[]; cursor?: string | string[] }> };

const ACTION_LABELS: Record<(typeof AUDIT_ACTIONS)[number], string> = {
  'org.created': 'Organization created',
  'member.invited': 'Member invited',
  'invitation.resent': 'Invitation re-sent',
  'invitation.withdrawn': 'Invitation withdrawn',
  'invitation.accepted': 'Invitation accepted',
  'member.removed': 'Member removed',
  'token.created': 'API token created',
  'token.revoked': 'API token revoked',
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { orgId } = await params;
  const { membership } = await loadMembership(orgId);
  return { title: `Audit log · ${membership.orgName}` };
}

// Server-rendered, and works without JavaScript: the filter is a GET form and pages are links.
export default async function AuditPage({ params, searchParams }: Props) {
  const { orgId } = await params;
  const { action, cursor } = await searchParams;
  const { actor } = await loadMembership(orgId);
  const filter = AUDIT_ACTIONS.find((value) => value === action);
  // A page link someone kept, edited or made up: the newest events, and a sentence saying why, not an error page.
  const linkRefused = cursor !== undefined && cursor !== '' && !(typeof cursor === 'string' && isAuditCursor(cursor));
  const from = typeof cursor === 'string' && !linkRefused ? cursor || undefined : undefined;
  const page = await listAuditEvents(db, actor, { orgId, action: filter, cursor: from });
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Audit log</h1>
      {linkRefused ? (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          {`${INVALID_PAGE_LINK_MESSAGE} Showing the newest events instead.`}
        </p>
      ) : null}
      <form method="get" className="mb-4 flex items-end gap-3">
        <div>
          <label htmlFor="audit-action" className="block text-sm font-medium">
            Action
          </label>
          <select id="audit-action" name="action" defaultValue={filter ?? ''} className="mt-1 block rounded-md border border-gray-300 bg-white px-3 py-2 text-sm dark:border-gray-700 dark:bg-gray-950">
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((value) => (
              <option key={value} value={value}>
                {ACTION_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass('secondary')}>
          Filter
        </button>
      </form>
      <section aria-labelledby="audit-heading" className="rounded-lg border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
        <h2 id="audit-heading" className="sr-only">
          Events, newest first
        </h2>
        {page.items.length === 0 ? (
          <p className="px-4 py-6 text-sm text-gray-600 dark:text-gray-400">
            {filter
              ? `No "${ACTION_LABELS[filter]}" events yet. Choose "All actions" to see every event.`
              : 'No events yet. Invitations, removals and API tokens will be listed here as they happen.'}
          </p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit events, newest first</caption>
            <thead className="text-gray-600 dark:text-gray-400">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Time (UTC)</th>
                <th scope="col" className="px-4 py-2 font-medium">Actor</th>
                <th scope="col" className="px-4 py-2 font-medium">Action</th>
                <th scope="col" className="px-4 py-2 font-medium">Target</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((event) => (
                <tr key={event.id} className="border-t border-gray-100 align-top dark:border-gray-800">
                  <td className="px-4 py-2">
                    <Time value={event.at} show="absolute" />
                  </td>
                  <td className="break-all px-4 py-2">
                    {event.actor?.email ?? 'a deleted account'}
                    {event.viaTokenId ? <span className="block text-xs text-gray-500 dark:text-gray-400">via API token</span> : null}
                  </td>
                  <td className="px-4 py-2">{ACTION_LABELS[event.action]}</td>
                  <td className="break-all px-4 py-2">{event.target?.label ?? event.target?.id ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {page.nextCursor ? (
          <p className="border-t border-gray-200 p-4 dark:border-gray-800">
            <Link
              className="font-medium text-brand-600 underline dark:text-indigo-300"
              href={`/orgs/${orgId}/audit?${new URLSearchParams({ ...(filter ? { action: filter } : {}), cursor: page.nextCursor })}`}
            >
              Older events
            </Link>
          </p>
        ) : null}
      </section>
    </>
  );
}

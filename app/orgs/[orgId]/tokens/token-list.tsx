'use client';

import { useSuspenseQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { Time } from '@/app/_components/time';
import { buttonClass } from '@/app/_components/ui';
import { useTRPC } from '@/app/_trpc/client';
import type { ApiTokenDto } from '@/server/tokens/list-api-tokens';
import { useOrgMutation } from '../use-org-mutation';
import { revokeTokenAction } from './actions';

export function TokenList({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const { data: tokens } = useSuspenseQuery(trpc.org.token.list.queryOptions({ orgId }));
  const [revoking, setRevoking] = useState<ApiTokenDto | null>(null);
  const revoke = useOrgMutation();

  return (
    <section aria-labelledby="tokens-heading" className="rounded-lg border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
      <h2 id="tokens-heading" className="px-4 py-3 text-base font-semibold">
        Tokens in this organization
      </h2>
      {tokens.length === 0 ? (
        <p className="border-t border-gray-100 px-4 py-6 text-sm text-gray-600 dark:border-gray-800 dark:text-gray-400">
          No tokens yet. Create one above for a script or a system account.
        </p>
      ) : (
        <ul className="divide-y divide-gray-100 border-t border-gray-100 dark:divide-gray-800 dark:border-gray-800">
          {tokens.map((token) => (
            <li key={token.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0">
                <p className="break-words font-medium">{token.description}</p>
                <p className="text-sm text-gray-600 dark:text-gray-400">
                  <code>{token.prefix}…</code> · {token.mine ? 'yours' : `belongs to ${token.owner.email}`} · created{' '}
                  <Time value={token.createdAt} show="date" /> ·{' '}
                  {token.lastUsedAt ? (
                    <>
                      last used <Time value={token.lastUsedAt} show="relative" />
                    </>
                  ) : (
                    'never used'
                  )}
                </p>
              </div>
              <button type="button" className={buttonClass('quiet')} aria-label={`Revoke token ${token.description}`} onClick={() => setRevoking(token)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this token?"
        confirmLabel="Revoke token"
        pendingLabel="Revoking…"
        pending={revoke.pending}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.run(() => revokeTokenAction(orgId, revoking.id), () => setRevoking(null))}
      >
        Programs using <strong>{revoking?.description}</strong> lose access with their next request. This cannot be undone.
      </ConfirmDialog>
    </section>
  );
}

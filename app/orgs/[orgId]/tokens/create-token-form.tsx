'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { ActionButton, buttonClass } from '@/app/_components/ui';
import type { FormState } from '@/app/_lib/form-state';
import { useOrgMutation } from '../use-org-mutation';
import { createTokenAction } from './actions';
import { SHORT_TEXT_MAX_LENGTH } from '@/lib/limits';

export function CreateTokenForm({ orgId }: { orgId: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(createTokenAction, {});
  const { report } = useOrgMutation();
  const [copied, setCopied] = useState(false);
  const tokenRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // Success is a toast; an error stays next to the field it concerns.
    if (state.success) report(state);
    setCopied(false);
    if (state.secret) tokenRef.current?.select();
    // Runs once per new result from the server.
  }, [state]);

  return (
    <section aria-labelledby="create-token-heading" className="rounded-lg border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
      <h2 id="create-token-heading" className="text-base font-semibold">
        Create a personal token
      </h2>
      <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">
        A token lets a script or a system account call the API as you, in this organization only. Send it as{' '}
        <code className="rounded bg-gray-100 px-1 dark:bg-gray-800">Authorization: Bearer …</code>.
      </p>
      <form action={action} aria-labelledby="create-token-heading" className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start">
        <input type="hidden" name="orgId" value={orgId} />
        <div className="flex-1">
          <label htmlFor="token-description" className="block text-sm font-medium">
            Description
          </label>
          <input
            id="token-description"
            name="description"
            required
            maxLength={SHORT_TEXT_MAX_LENGTH}
            placeholder="Deploy script"
            defaultValue={state.error ? state.values?.description : undefined}
            key={state.error ? `error-${state.values?.description}` : `fresh-${state.secret ?? ''}`}
            aria-invalid={state.error ? true : undefined}
            aria-describedby={state.error ? 'token-error' : undefined}
            className="mt-1 block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm dark:border-gray-700 dark:bg-gray-950"
          />
          {state.error ? (
            <p id="token-error" className="mt-1 text-sm text-red-700 dark:text-red-400">
              {state.error}
            </p>
          ) : null}
        </div>
        <ActionButton type="submit" className="sm:mt-6" pending={pending} pendingLabel="Creating…">
          Create token
        </ActionButton>
      </form>
      {state.secret ? (
        <div className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-700 dark:bg-amber-950">
          <label htmlFor="new-token" className="block text-sm font-medium">
            New token
          </label>
          <p className="text-sm text-gray-700 dark:text-gray-300">Copy it now: it is shown only once.</p>
          <div className="mt-2 flex gap-2">
            <input ref={tokenRef} id="new-token" readOnly value={state.secret} className="block w-full rounded-md border border-gray-300 bg-white px-3 py-2 font-mono text-sm dark:border-gray-700 dark:bg-gray-950" />
            <button
              type="button"
              className={buttonClass('secondary')}
              onClick={async () => {
                await navigator.clipboard?.writeText(state.secret!).catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

'use client';

import { useActionState, useEffect, useRef, useSyncExternalStore } from 'react';
import { ActionButton } from '@/app/_components/ui';
import type { FormState } from '@/app/_lib/form-state';
import { inviteAction } from './actions';
import { useOrgMutation } from '../use-org-mutation';

const noSubscription = () => () => {};

/** Works without JavaScript (a plain form post to the server action); with it, toasts and live lists. */
export function InviteForm({ orgId }: { orgId: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(inviteAction, {});
  const { report } = useOrgMutation();
  const formRef = useRef<HTMLFormElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);

  useEffect(() => {
    // Success is a toast; an error stays next to the field it concerns.
    if (state.success) report(state);
    if (state.success) formRef.current?.reset();
    if (state.error) emailRef.current?.focus();
    // Runs once per new result from the server.
  }, [state]);

  const error = state.error;
  return (
    <section aria-labelledby="invite-heading" className="rounded-lg border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
      <h2 id="invite-heading" className="text-base font-semibold">
        Add a new user to your organization
      </h2>
      <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">
        They get an email with a link that is valid for 72 hours. Owners can manage everything, including other members.
      </p>
      <form ref={formRef} action={action} aria-labelledby="invite-heading" className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start" noValidate>
        <input type="hidden" name="orgId" value={orgId} />
        <div className="flex-1">
          <label htmlFor="invite-email" className="block text-sm font-medium">
            Email
          </label>
          <input
            ref={emailRef}
            id="invite-email"
            name="email"
            type="email"
            required
            autoComplete="off"
            placeholder="name@example.com"
            defaultValue={state.error ? state.values?.email : undefined}
            key={state.error ? `error-${state.values?.email}` : 'fresh'}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'invite-error' : undefined}
            className="mt-1 block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm dark:border-gray-700 dark:bg-gray-950"
          />
          {error ? (
            <p id="invite-error" className="mt-1 text-sm text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
          {/* Without JavaScript there are no toasts: the server-rendered result shows here instead. */}
          {state.success && !hydrated ? (
            <p role="status" className="mt-1 text-sm text-green-800 dark:text-green-300">
              {state.success}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor="invite-role" className="block text-sm font-medium">
            Role
          </label>
          <select
            id="invite-role"
            name="role"
            defaultValue="owner"
            className="mt-1 block rounded-md border border-gray-300 bg-white px-3 py-2 text-sm dark:border-gray-700 dark:bg-gray-950"
          >
            <option value="owner">Owner</option>
          </select>
        </div>
        <ActionButton type="submit" className="sm:mt-6" pending={pending} pendingLabel="Adding…">
          Add
        </ActionButton>
      </form>
    </section>
  );
}

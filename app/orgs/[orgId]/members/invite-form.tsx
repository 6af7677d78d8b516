'use client';

import { type FormEvent, startTransition, useActionState, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useToast } from '@/app/_components/toaster';
import { ActionButton } from '@/app/_components/ui';
import type { FormState } from '@/app/_lib/form-state';
import { inviteAction } from './actions';
import { useOrgMutation } from '../use-org-mutation';
import { ROLE_LABELS } from '@/lib/format';
import { INVITATION_TTL_HOURS } from '@/lib/limits';

const noSubscription = () => () => {};

/**
 * Works without JavaScript (a plain form post to the server action); with it, toasts and
 * live lists, and nothing typed is lost: an address typed while the previous invitation
 * is on its way stays in the field, and Add pressed meanwhile queues it for when the
 * first is done.
 */
export function InviteForm({ orgId }: { orgId: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(inviteAction, {});
  const { report } = useOrgMutation();
  const toast = useToast();
  const emailRef = useRef<HTMLInputElement>(null);
  const roleRef = useRef<HTMLSelectElement>(null);
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  // Controlled, so React's reset of a submitted form cannot wipe what was typed since.
  const [email, setEmail] = useState(state.error ? (state.values?.email ?? '') : '');
  const inFlight = useRef<string | null>(null);
  const [queued, setQueued] = useState<string | null>(null);
  // An error shown next to the field only while the field still holds the address it is about.
  const [fieldError, setFieldError] = useState(state.error);

  const submit = (address: string) => {
    const data = new FormData();
    data.set('orgId', orgId);
    data.set('email', address);
    data.set('role', roleRef.current?.value ?? 'owner');
    inFlight.current = address;
    setFieldError(undefined);
    startTransition(() => action(data));
  };

  useEffect(() => {
    const sent = inFlight.current;
    inFlight.current = null;
    const stillShowing = emailRef.current?.value === sent;
    if (state.success) {
      report(state);
      if (stillShowing) setEmail('');
    } else if (state.error) {
      // About the address still in the field: next to it. About one replaced since: a toast.
      if (stillShowing || sent === null) {
        setFieldError(state.error);
        emailRef.current?.focus();
      } else report(state);
    }
    if (queued !== null) {
      setQueued(null);
      submit(queued);
    }
    // Runs once per new result from the server.
  }, [state]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit(email);
  };

  const pressedWhileBusy = () => {
    if (email.trim() === '' || email === inFlight.current) toast.success(`Still adding ${inFlight.current}: one moment.`);
    else {
      setQueued(email);
      toast.success(`${email.trim()} will be added next, once the invitation on its way is sent.`);
    }
  };

  const error = fieldError;
  return (
    <section aria-labelledby="invite-heading" className="rounded-lg border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
      <h2 id="invite-heading" className="text-base font-semibold">
        Add a new user to your organization
      </h2>
      <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">
        They get an email with a link that is valid for {INVITATION_TTL_HOURS} hours. Owners can manage everything, including other members.
      </p>
      <form action={action} onSubmit={onSubmit} aria-labelledby="invite-heading" className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start" noValidate>
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
            value={email}
            onChange={(event) => setEmail(event.target.value)}
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
            ref={roleRef}
            id="invite-role"
            name="role"
            defaultValue="owner"
            className="mt-1 block rounded-md border border-gray-300 bg-white px-3 py-2 text-sm dark:border-gray-700 dark:bg-gray-950"
          >
            <option value="owner">{ROLE_LABELS.owner}</option>
          </select>
        </div>
        <ActionButton type="submit" className="sm:mt-6" pending={pending} pendingLabel="Adding…" onClickWhilePending={pressedWhileBusy}>
          Add
        </ActionButton>
      </form>
    </section>
  );
}

'use client';

import { useActionState } from 'react';
import { ActionButton, TextField } from '@/app/_components/ui';
import type { FormState } from '@/app/_lib/form-state';
import { acceptInvitationAction } from './actions';
import { SHORT_TEXT_MAX_LENGTH } from '@/lib/limits';

export function AcceptForm({ token, email, needsName }: { token: string; email: string; needsName: boolean }) {
  const [state, action, pending] = useActionState<FormState, FormData>(acceptInvitationAction, {});
  const nameError = state.field === 'name' ? state.error : undefined;
  const otherError = state.error && !nameError ? state.error : undefined;
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <div>
        <p className="text-sm font-medium">Email</p>
        <p className="mt-1 break-all rounded-md border border-gray-200 bg-gray-50 px-3 py-2 text-sm dark:border-gray-700 dark:bg-gray-950">{email}</p>
      </div>
      {needsName ? (
        <TextField id="name" name="name" label="Your name" autoComplete="name" required maxLength={SHORT_TEXT_MAX_LENGTH} defaultValue={state.values?.name} error={nameError} />
      ) : null}
      {otherError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {otherError}
        </p>
      ) : null}
      <ActionButton type="submit" className="w-full" pending={pending} pendingLabel="Accepting…">
        Accept invitation
      </ActionButton>
    </form>
  );
}

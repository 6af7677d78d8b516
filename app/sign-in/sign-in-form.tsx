'use client';

import { useActionState } from 'react';
import { ActionButton, TextField } from '@/app/_components/ui';
import type { FormState } from '@/app/_lib/form-state';
import { requestSignInLink } from './actions';
import { EMAIL_MAX_LENGTH } from '@/lib/limits';

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(requestSignInLink, {});
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField
        id="email"
        name="email"
        type="email"
        label="Email"
        autoComplete="email"
        required
        maxLength={EMAIL_MAX_LENGTH}
        defaultValue={state.values?.email}
        error={state.error}
      />
      <ActionButton type="submit" className="w-full" pending={pending} pendingLabel="Sending link…">
        Email me a sign-in link
      </ActionButton>
    </form>
  );
}

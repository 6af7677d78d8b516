'use client';

import { useActionState } from 'react';
import { ActionButton, TextField } from '@/app/_components/ui';
import type { FormState } from '@/app/_lib/form-state';
import { createOrganizationAction } from './actions';
import { SHORT_TEXT_MAX_LENGTH } from '@/lib/limits';

export function CreateOrganizationForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(createOrganizationAction, {});
  return (
    <form action={action} className="space-y-4">
      <TextField
        id="name"
        name="name"
        label="Organization name"
        required
        maxLength={SHORT_TEXT_MAX_LENGTH}
        autoComplete="organization"
        defaultValue={state.values?.name}
        error={state.error}
      />
      <ActionButton type="submit" className="w-full" pending={pending} pendingLabel="Creating…">
        Create organization
      </ActionButton>
    </form>
  );
}

'use client';

import type { ComponentProps } from 'react';
import { useFormStatus } from 'react-dom';
import { ActionButton } from './ui';

/** The submit button of a form whose action is a plain server action: pending while the form is submitting. */
export function SubmitButton(props: Omit<ComponentProps<typeof ActionButton>, 'pending' | 'type'>) {
  const { pending } = useFormStatus();
  return <ActionButton type="submit" pending={pending} {...props} />;
}

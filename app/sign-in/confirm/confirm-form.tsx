'use client';

import { useState } from 'react';
import { ActionButton } from '@/app/_components/ui';

/**
 * A plain form post to Auth.js's callback (it works without script). With script,
 * a second click is ignored: it would arrive after the first used the link up.
 */
export function ConfirmForm({ action }: { action: string }) {
  const [submitted, setSubmitted] = useState(false);
  return (
    <form
      method="post"
      action={action}
      onSubmit={(event) => {
        if (submitted) event.preventDefault();
        setSubmitted(true);
      }}
    >
      <ActionButton type="submit" className="w-full" pending={submitted} pendingLabel="Signing in…">
        Sign in
      </ActionButton>
    </form>
  );
}

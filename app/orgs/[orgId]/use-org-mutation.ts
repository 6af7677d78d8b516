'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTransition } from 'react';
import { useToast } from '@/app/_components/toaster';
import type { FormState } from '@/app/_lib/form-state';
import { useTRPC } from '@/app/_trpc/client';

/**
 * Runs a Members-page server action with a pending state, then toasts what
 * happened and refreshes the organization's lists (tRPC queries).
 */
export function useOrgMutation() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [pending, startTransition] = useTransition();

  const refresh = () => queryClient.invalidateQueries(trpc.org.pathFilter());

  const report = (state: FormState) => {
    if (state.error) toast.error(state.error);
    else if (state.success) toast.success(state.success);
    void refresh();
  };

  const run = (action: () => Promise<FormState>, after?: (state: FormState) => void) =>
    startTransition(async () => {
      const state = await action();
      report(state);
      after?.(state);
    });

  return { pending, run, report };
}

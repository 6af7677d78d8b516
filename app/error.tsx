'use client';

import { buttonClass, CenteredCard } from '@/app/_components/ui';

// Shown for unexpected server errors; details stay in the server log (digest links them).
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <CenteredCard title="Something went wrong">
      <p className="text-sm text-gray-700 dark:text-gray-300">
        We could not load this page. Please try again in a moment.
        {error.digest ? <span className="mt-2 block text-xs text-gray-500">Reference: {error.digest}</span> : null}
      </p>
      <button type="button" className={`${buttonClass()} mt-6`} onClick={reset}>
        Try again
      </button>
    </CenteredCard>
  );
}

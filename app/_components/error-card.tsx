'use client';

import { buttonClass, CenteredCard } from './ui';

/**
 * What a person sees when a page fails: what happened in plain words, a retry,
 * and a way back. The digest only links this view to the server's log line;
 * the error's message and stack never reach the browser.
 */
export function ErrorCard({ digest, retry }: { digest?: string; retry: () => void }) {
  return (
    <CenteredCard title="Something went wrong">
      <title>Something went wrong</title>
      <p className="text-sm text-gray-700 dark:text-gray-300">
        We could not load this page. Nothing you did caused this, and nothing was lost. Please try again in a moment.
      </p>
      <div className="mt-6 flex flex-wrap items-center gap-4">
        <button type="button" className={buttonClass()} onClick={retry}>
          Try again
        </button>
        {/* A plain link, not next/link: a full load also recovers when the app's own code failed. */}
        <a className="text-sm font-medium text-brand-600 underline dark:text-indigo-300" href="/">
          Go to your organizations
        </a>
      </div>
      {digest ? <p className="mt-6 text-xs text-gray-600 dark:text-gray-400">If this keeps happening, quote reference {digest}.</p> : null}
    </CenteredCard>
  );
}

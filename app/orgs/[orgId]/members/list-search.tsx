'use client';

import { EMAIL_MAX_LENGTH } from '@/lib/limits';

/** The search box a list gets once it is longer than a page. */
export function ListSearch({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (value: string) => void }) {
  return (
    <div className="px-4 pb-3">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        type="search"
        value={value}
        maxLength={EMAIL_MAX_LENGTH}
        placeholder={label}
        onChange={(event) => onChange(event.target.value)}
        className="block w-full max-w-xs rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm dark:border-gray-700 dark:bg-gray-950"
      />
    </div>
  );
}

export function ShowMore({ onClick, pending, label }: { onClick: () => void; pending: boolean; label: string }) {
  return (
    <div className="border-t border-gray-200 p-4 dark:border-gray-800">
      <button
        type="button"
        className="inline-flex items-center rounded-md border border-gray-300 px-4 py-2 text-sm font-semibold hover:bg-gray-100 disabled:opacity-60 dark:border-gray-700 dark:hover:bg-gray-800"
        disabled={pending}
        aria-busy={pending || undefined}
        onClick={onClick}
      >
        {pending ? 'Loading…' : label}
      </button>
    </div>
  );
}

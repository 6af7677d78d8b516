// Small shared pieces of markup, so every page looks and reads the same.
import type { ComponentProps, MouseEventHandler, ReactNode } from 'react';

export function CenteredCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-md rounded-lg border border-gray-200 bg-white p-8 shadow-sm dark:border-gray-800 dark:bg-gray-900">
        <h1 className="mb-4 text-2xl font-semibold">{title}</h1>
        {children}
      </div>
    </main>
  );
}

// The classes are in app/globals.css (.btn and one per variant).
const BUTTON_VARIANTS = { primary: 'btn-primary', secondary: 'btn-secondary', danger: 'btn-danger', quiet: 'btn-quiet' };

export function buttonClass(variant: keyof typeof BUTTON_VARIANTS = 'primary') {
  return `btn ${BUTTON_VARIANTS[variant]}`;
}

/**
 * A button whose action may take a moment: while `pending` it is marked
 * aria-disabled and aria-busy, ignores clicks (and Enter in its form, which
 * clicks it), and says what it is doing ("Sending…"). It is not `disabled`: a
 * disabled button loses keyboard focus, which would drop a keyboard user's place
 * on the page. Its accessible name stays put when an aria-label gives it one.
 *
 * Its props are named one by one, not passed on with a rest spread, which V8 makes
 * dear on a page with a button per invitation (docs/decisions/014-list-rows-markup.md).
 */
export function ActionButton({
  pending,
  pendingLabel,
  variant = 'primary',
  type,
  className,
  'aria-label': ariaLabel,
  onClick,
  onClickWhilePending,
  children,
}: {
  pending: boolean;
  pendingLabel: string;
  variant?: keyof typeof BUTTON_VARIANTS;
  type: 'button' | 'submit';
  className?: string;
  'aria-label'?: string;
  onClick?: MouseEventHandler<HTMLButtonElement>;
  /** A press while pending submits nothing; this says so (or queues it) instead of dropping it silently. */
  onClickWhilePending?: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type={type}
      aria-label={ariaLabel}
      className={className ? `${buttonClass(variant)} ${className}` : buttonClass(variant)}
      aria-disabled={pending || undefined}
      aria-busy={pending || undefined}
      onClick={(event) => {
        if (pending) {
          event.preventDefault(); // no second submission while the first is on its way
          onClickWhilePending?.();
        } else onClick?.(event);
      }}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}

export function TextField({ label, error, id, ...input }: ComponentProps<'input'> & { label: string; id: string; error?: string }) {
  const errorId = `${id}-error`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className="block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm dark:border-gray-700 dark:bg-gray-950"
        {...input}
      />
      {error ? (
        <p id={errorId} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

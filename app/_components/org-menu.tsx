'use client';

import Link from 'next/link';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

type Org = { id: string; name: string };

/** WAI-ARIA menu button: the organization's name opens Members and the org switcher. */
export function OrgMenu({ current, others }: { current: Org; others: Org[] }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (event.key === 'Escape') close(true);
    else if (event.key === 'Tab') close(false);
    else if (event.key === 'ArrowDown') focusAt(index + 1);
    else if (event.key === 'ArrowUp') focusAt(index - 1);
    else if (event.key === 'Home') focusAt(0);
    else if (event.key === 'End') focusAt(all.length - 1);
    else return;
    if (event.key !== 'Tab') event.preventDefault();
  };

  const itemClass = 'block px-4 py-2 text-sm hover:bg-gray-100 focus:bg-gray-100 dark:hover:bg-gray-800 dark:focus:bg-gray-800';

  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className="inline-flex max-w-[16rem] items-center gap-2 rounded-md border border-gray-300 px-3 py-1.5 text-sm font-medium hover:bg-gray-100 dark:border-gray-700 dark:hover:bg-gray-800"
      >
        <span className="truncate">{current.name}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={current.name}
          onKeyDown={onMenuKeyDown}
          className="absolute left-0 z-20 mt-2 w-64 rounded-md border border-gray-200 bg-white py-1 shadow-lg dark:border-gray-700 dark:bg-gray-900"
        >
          <Link role="menuitem" tabIndex={-1} href={`/orgs/${current.id}/members`} className={itemClass} onClick={() => close(false)}>
            Members
          </Link>
          <Link role="menuitem" tabIndex={-1} href={`/orgs/${current.id}/tokens`} className={itemClass} onClick={() => close(false)}>
            API tokens
          </Link>
          <Link role="menuitem" tabIndex={-1} href={`/orgs/${current.id}/audit`} className={itemClass} onClick={() => close(false)}>
            Audit log
          </Link>
          {others.length ? (
            <div role="group" aria-label="Switch organization" className="mt-1 border-t border-gray-200 pt-1 dark:border-gray-700">
              <p aria-hidden="true" className="px-4 py-1 text-xs uppercase tracking-wide text-gray-500 dark:text-gray-400">
                Switch organization
              </p>
              {others.map((org) => (
                <Link key={org.id} role="menuitem" tabIndex={-1} href={`/orgs/${org.id}/members`} className={itemClass} onClick={() => close(false)}>
                  {org.name}
                </Link>
              ))}
            </div>
          ) : null}
          <div className="mt-1 border-t border-gray-200 pt-1 dark:border-gray-700">
            <Link role="menuitem" tabIndex={-1} href="/onboarding" className={itemClass} onClick={() => close(false)}>
              New organization
            </Link>
          </div>
        </div>
      ) : null}
    </div>
  );
}

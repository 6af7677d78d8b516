'use client';

import { usePathname } from 'next/navigation';
import { useEffect } from 'react';
import { FLASH_COOKIE } from '@/app/_lib/flash-cookie';
import { useToast } from './toaster';

/** Shows, once, the toast an action left for the page it redirected to (see app/_lib/flash.ts). */
export function FlashToast() {
  const toast = useToast();
  const pathname = usePathname();
  useEffect(() => {
    const entry = document.cookie.split('; ').find((cookie) => cookie.startsWith(`${FLASH_COOKIE}=`));
    if (!entry) return;
    document.cookie = `${FLASH_COOKIE}=; path=/; max-age=0`;
    try {
      const message = decodeURIComponent(entry.slice(FLASH_COOKIE.length + 1));
      if (message) toast.success(message);
    } catch {
      // A malformed value is simply dropped.
    }
    // Read again after every navigation: a redirect from a server action keeps this component mounted.
  }, [pathname, toast]);
  return null;
}

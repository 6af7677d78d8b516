import 'server-only';
import { cookies } from 'next/headers';
import { getConfig } from '@/server/config';
import { FLASH_COOKIE } from './flash-cookie';

/**
 * A toast for the next page, for an action that ends in a redirect (the page it
 * leaves cannot show one). A short-lived cookie the browser reads once and
 * deletes (app/_components/flash-toast.tsx); it holds the message only.
 */
export async function flash(message: string): Promise<void> {
  // Next encodes the value (encodeURIComponent); the browser side decodes it.
  (await cookies()).set(FLASH_COOKIE, message.slice(0, 300), {
    path: '/',
    maxAge: 60,
    sameSite: 'lax',
    secure: getConfig().https,
  });
}

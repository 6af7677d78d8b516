/** Name of the cookie that carries a toast across a redirect (see flash.ts). */
export const FLASH_COOKIE = 'members-flash';

// What an API token looks like, and who may manage tokens: shared by the token services.
import type { Actor } from '@/server/actor';
import { AppError } from '@/server/errors';

export const TOKEN_PREFIX = 'mbr_';
// "mbr_" + a randomToken() (256 bits in base64url).
const TOKEN_SHAPE = /^mbr_[A-Za-z0-9_-]{43}$/;

export const looksLikeApiToken = (value: string) => TOKEN_SHAPE.test(value);

/** Whether text (a URL's query, say) carries an API token or a good part of one. */
export const containsApiToken = (text: string) => /mbr_[A-Za-z0-9_-]{20,}/.test(text);

/**
 * Tokens are managed from a browser session only: a leaked token must not be able
 * to mint tokens that outlive its own revocation, or revoke the ones of others.
 */
export function refuseTokenManagementByToken(actor: Actor | null): void {
  if (actor?.token) {
    throw new AppError('FORBIDDEN', 'API tokens cannot create or revoke API tokens. Sign in to Members in a browser to manage tokens.');
  }
}


import { createHash, randomBytes } from 'node:crypto';

/**
 * A new secret: 32 random bytes (256 bits), written as 43 base64url characters.
 * Invitation links, API tokens and the session an accepted invitation starts are made of one.
 */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Only this hash is stored. Lookups go by the hash, so the time a lookup takes
 * depends on the hash, not on how much of the secret an attacker guessed.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

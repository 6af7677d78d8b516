import { createHash, randomBytes } from 'node:crypto';

// 32 random bytes = 256 bits, written as 43 base64url characters.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newActivationToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/**
 * Only this hash is stored. Lookups go by the hash, so the time a lookup takes
 * depends on the hash, not on how much of the secret an attacker guessed.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function isWellFormedToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

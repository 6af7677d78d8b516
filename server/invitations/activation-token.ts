import { hashToken, randomToken } from '@/server/secrets';

// A randomToken(): 43 base64url characters.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newActivationToken(): { token: string; hash: string } {
  const token = randomToken();
  return { token, hash: hashToken(token) };
}

export function looksLikeActivationToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

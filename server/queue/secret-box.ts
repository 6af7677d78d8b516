// Secrets a queued job needs (an activation or sign-in link) are sealed with a
// key derived from AUTH_SECRET: the job table never holds them in clear, and
// graphile-worker deletes a job's row once it completes.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { getConfig } from '@/server/config';

const derived = new Map<string, Buffer>();

/** The sealing key for the configured AUTH_SECRET, derived once per secret (HKDF costs more than the sealing). */
function key(): Buffer {
  const secret = getConfig().authSecret;
  let found = derived.get(secret);
  if (!found) {
    found = Buffer.from(hkdfSync('sha256', secret, 'members', 'job-payload-v1', 32));
    derived.set(secret, found);
  }
  return found;
}

export function seal(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Throws if the value was tampered with or sealed under another AUTH_SECRET. */
export function open(sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

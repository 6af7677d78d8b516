import { isIP } from 'node:net';

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
const plain = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

/**
 * Who is on the other end of a request: the socket's peer, or, when the peer is one of
 * the trusted proxies, the nearest address in X-Forwarded-For that is not (read from the
 * right: a client can put anything on the left). Null when nothing usable is known.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: readonly string[]): string | null {
  if (!socketAddress) return null;
  let address = plain(socketAddress);
  if (!trusted.includes(address)) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '')).split(',').map((hop) => plain(hop.trim()));
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return address; // a malformed entry: stop at the last address we could trust
    address = hop;
    if (!trusted.includes(hop)) return hop;
  }
  return address;
}

/**
 * The client address of a request as the app's pages and actions see it: `npm start`'s
 * server replaces X-Forwarded-For with the one address clientAddress() found (under
 * `next dev`, Next.js fills it from the socket).
 */
export function requestClientAddress(headers: Headers): string | null {
  const first = headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? '';
  return isIP(first) === 0 ? null : plain(first);
}

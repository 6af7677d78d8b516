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
 * server replaces X-Forwarded-For with the one address clientAddress() found. (Under
 * `next dev` and `next start`, Next.js fills the header from the socket only when a client
 * sent none, so only `npm start` can be trusted for this.)
 */
export function requestClientAddress(headers: Headers): string | null {
  const first = headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? '';
  return isIP(first) === 0 ? null : plain(first);
}

/**
 * What limits per client count against: an IPv4 address, or an IPv6 address's /64 (one
 * host is usually given a whole /64, so a key per address would be a key per request).
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4 forms) takes two groups; only the first four groups matter here.
  const width = right.reduce((sum, group) => sum + (group.includes('.') ? 2 : 1), 0);
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - width).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.padStart(4, '0')).join(':')}::/64`;
}

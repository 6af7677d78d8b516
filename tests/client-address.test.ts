import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, requestClientAddress } from '@/server/http/client-address';

describe("a request's client address", () => {
  const proxies = ['10.0.0.2', '10.0.0.3'];

  it.each([
    ['a direct client: its socket, whatever it claims', '198.51.100.9', '203.0.113.1', [], '198.51.100.9'],
    ['a direct client, IPv4 on a dual-stack socket', '::ffff:198.51.100.9', undefined, [], '198.51.100.9'],
    ['no proxy trusted: X-Forwarded-For is ignored', '10.0.0.2', '203.0.113.1', [], '10.0.0.2'],
    ['behind a trusted proxy: the address it saw', '10.0.0.2', '203.0.113.1', proxies, '203.0.113.1'],
    ['a client-made entry on the left is skipped', '10.0.0.2', '1.2.3.4, 203.0.113.1', proxies, '203.0.113.1'],
    ['two trusted proxies in a row', '10.0.0.2', '1.2.3.4, 203.0.113.1, 10.0.0.3', proxies, '203.0.113.1'],
    ['several headers are one list', '10.0.0.2', ['1.2.3.4', '203.0.113.1'], proxies, '203.0.113.1'],
    ['garbage in the header: the last trustworthy address', '10.0.0.2', 'evil, 10.0.0.3', proxies, '10.0.0.3'],
    ['an empty header: the proxy itself', '10.0.0.2', '', proxies, '10.0.0.2'],
  ] as const)('%s', (_case, socket, forwarded, trusted, expected) => {
    expect(clientAddress(socket, forwarded as string | string[] | undefined, trusted)).toBe(expected);
  });

  it('is read back by pages from the header npm start sets, and only if it is an address', () => {
    expect(requestClientAddress(new Headers({ 'x-forwarded-for': '203.0.113.1' }))).toBe('203.0.113.1');
    expect(requestClientAddress(new Headers({ 'x-forwarded-for': '::ffff:203.0.113.1, 10.0.0.2' }))).toBe('203.0.113.1');
    expect(requestClientAddress(new Headers({ 'x-forwarded-for': 'nonsense' }))).toBeNull();
    expect(requestClientAddress(new Headers())).toBeNull();
  });

  it.each([
    ['203.0.113.1', '203.0.113.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:0db8:0001:0002::/64'],
    ['2001:db8:1:2:ffff::1', '2001:0db8:0001:0002::/64'],
    ['2001:DB8:1:2::', '2001:0db8:0001:0002::/64'],
    ['2001:db8::1', '2001:0db8:0000:0000::/64'],
    ['::1', '0000:0000:0000:0000::/64'],
    ['::ffff:1.2.3.4', '0000:0000:0000:0000::/64'],
    ['fe80::1:2:3:4', 'fe80:0000:0000:0000::/64'],
  ])('counts %s as %s (IPv6 by its /64: one host has all of it)', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});

import { describe, expect, it } from 'vitest';
import { guardedLookup, guardedLookupWith, isBlockedAddress, webhookUrlProblem } from './ssrf-guard.js';

describe('SSRF guard', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::ffff:127.0.0.1',
    'fc00::1',
    'fe80::1',
    '224.0.0.1',
  ])('blocks %s', (ip) => expect(isBlockedAddress(ip)).toBe(true));
  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111'])('allows %s', (ip) =>
    expect(isBlockedAddress(ip)).toBe(false),
  );

  // IPv6 forms that embed or tunnel to an IPv4 address (issue 6 §8: `::127.0.0.1` got through).
  it.each([
    '::127.0.0.1', // IPv4-compatible (deprecated), dotted
    '::7f00:1', // the same, as the URL parser writes it
    '0:0:0:0:0:0:127.0.0.1',
    '::169.254.169.254',
    '::8.8.8.8', // IPv4-compatible is refused outright, whatever it carries
    '::ffff:7f00:1', // mapped, hex
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::127.0.0.1', // NAT64 well-known prefix carrying a private address
    '64:ff9b::a9fe:a9fe',
    '64:ff9b::10.1.2.3',
    '64:ff9b:1::808:808', // local-use NAT64: translated by site rules
    '2002:7f00:1::1', // 6to4
    '2002:808:808::1',
    '2001::1', // Teredo
    '::ffff:0:7f00:1', // IPv4-translated
    'fec0::1', // site-local (deprecated)
    'fe80::1%eth0', // zoned link-local
    'not-an-ip',
  ])('blocks IPv6 embedding %s', (ip) => expect(isBlockedAddress(ip)).toBe(true));
  it.each(['::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '64:ff9b::101:101'])(
    'allows %s: it carries a public IPv4 address (DNS64 on IPv6-only networks)',
    (ip) => expect(isBlockedAddress(ip)).toBe(false),
  );

  it.each([
    'http://[::127.0.0.1]/',
    'http://[::7f00:1]:8080/hook',
    'http://[::ffff:169.254.169.254]/latest',
    'http://[64:ff9b::10.0.0.1]/',
    'http://[2002:a00:1::1]/',
    'http://0x7f.1/', // the URL parser reads this as 127.0.0.1
    'http://2130706433/',
    'http://0177.0.0.1/', // octal
    'http://017700000001/', // octal, one number
    'http://0251.0376.0251.0376/', // 169.254.169.254 in octal
    'http://0xa9fea9fe/', // 169.254.169.254 in hex
    'http://10.1/', // short form of 10.0.0.1
    'http://169.254.169.254./', // trailing dot
    'http://localhost./',
    'http://api.localhost./',
  ])('refuses %s at creation', (url) => expect(webhookUrlProblem(url, false)).not.toBeNull());

  it('checks URLs: scheme, credentials, literal private hosts, localhost', () => {
    expect(webhookUrlProblem('ftp://example.com', false)).toMatch(/http/);
    expect(webhookUrlProblem('https://user:pw@example.com', false)).toMatch(/credentials/);
    expect(webhookUrlProblem('http://127.0.0.1:4000/hook', false)).toMatch(/private/);
    expect(webhookUrlProblem('http://[::1]/hook', false)).toMatch(/private/);
    expect(webhookUrlProblem('http://localhost:4000', false)).toMatch(/loopback/);
    expect(webhookUrlProblem('not a url', false)).toMatch(/valid/);
    expect(webhookUrlProblem('https://example.com/hook', false)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:4000/hook', true)).toBeNull();
  });

  it('refuses at connect time a hostname that resolves to a private address', async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      guardedLookup('localhost', {}, (e) => resolve(e)),
    );
    expect(err?.code).toBe('EWAGWBLOCKED');
  });

  it.each(['::7f00:1', '::ffff:7f00:1', '64:ff9b::a9fe:a9fe'])(
    'refuses at connect time a hostname that resolves to %s',
    async (address) => {
      const lookup = guardedLookupWith((_host, _options, callback) =>
        callback(null, [
          { address: '93.184.216.34', family: 4 },
          { address, family: 6 },
        ]),
      );
      const err = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
        lookup('rebind.example', { all: true }, (e) => resolve(e)),
      );
      expect(err?.code).toBe('EWAGWBLOCKED');
      expect(err?.message).toContain(address);
    },
  );
});

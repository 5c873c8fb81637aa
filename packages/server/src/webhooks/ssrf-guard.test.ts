import { describe, expect, it } from 'vitest';
import { guardedLookup, isBlockedAddress, webhookUrlProblem } from './ssrf-guard.js';

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
});

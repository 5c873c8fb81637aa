import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Only public unicast addresses are allowed as webhook targets unless the operator opts in:
 * loopback, private, link-local (cloud metadata), CGNAT, unspecified, multicast, reserved and
 * IPv4-mapped IPv6 forms of those are refused.
 */
export function isBlockedAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
  }
  return parsed.range() !== 'unicast';
}

/** Why a URL may not be a webhook target, or null when it may. Literal IPs are checked here. */
export function webhookUrlProblem(url: string, allowPrivate: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return 'only http and https URLs are allowed';
  if (parsed.username || parsed.password) return 'credentials in the URL are not allowed';
  if (allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback targets are not allowed';
  if (isIP(host) && isBlockedAddress(host)) {
    return 'private, loopback and link-local addresses are not allowed (set webhooks.allowPrivateTargets to opt in)';
  }
  return null;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for node:http that refuses blocked addresses at connect time, so a hostname that
 * resolves (or re-resolves: DNS rebinding) to a private address is never contacted.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const list = addresses as LookupAddress[];
    const blocked = list.find((a) => isBlockedAddress(a.address));
    if (blocked || list.length === 0) {
      const error: NodeJS.ErrnoException = new Error(
        `Refusing to connect to ${hostname} (${blocked?.address ?? 'no address'}): not a public address`,
      );
      error.code = 'EWAGWBLOCKED';
      return callback(error, '');
    }
    if (options.all) return callback(null, list);
    const first = list[0]!;
    callback(null, first.address, first.family);
  });
}

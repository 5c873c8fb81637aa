import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Error code of a connection refused by the guard (a policy decision, not a network failure). */
export const BLOCKED_CODE = 'EWAGWBLOCKED';

/**
 * Parses an IP address. IPv6 goes through the WHATWG URL parser first: ipaddr.js reads the
 * IPv4-compatible form `::a.b.c.d` as the mapped `::ffff:a.b.c.d`, which would let `::127.0.0.1`
 * through as "public mapped"; the URL parser yields the canonical `::7f00:1`.
 */
function parseIp(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    const family = isIP(address);
    if (family === 4) return ipaddr.IPv4.parse(address);
    if (family !== 6) return undefined;
    return ipaddr.IPv6.parse(new URL(`http://[${address}]/`).hostname.slice(1, -1));
  } catch {
    return undefined;
  }
}

const inPrefix = (ip: ipaddr.IPv6, prefix: string, bits: number) => ip.match(ipaddr.IPv6.parse(prefix), bits);

/**
 * The IPv4 address an IPv6 address hands traffic to, where the translation is to a v4 address
 * chosen by the sender: IPv4-mapped `::ffff:0:0/96` and well-known-prefix NAT64 `64:ff9b::/96`.
 */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const mapped = ip.isIPv4MappedAddress();
  if (!mapped && !inPrefix(ip, '64:ff9b::', 96)) return undefined;
  const [hi, lo] = [ip.parts[6]!, ip.parts[7]!];
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

/**
 * IPv6 ranges refused as a whole although ipaddr.js calls them unicast: IPv4-compatible `::/96`
 * (deprecated; `::127.0.0.1`), local-use NAT64 `64:ff9b:1::/48` (translated by site rules) and
 * the deprecated site-local `fec0::/10`. 6to4 `2002::/16`, Teredo `2001::/32` and the IPv4-translated
 * `::ffff:0:0:0/96` have ranges of their own in ipaddr.js and are refused as well.
 */
const BLOCKED_V6: ReadonlyArray<[string, number]> = [
  ['::', 96],
  ['64:ff9b:1::', 48],
  ['fec0::', 10],
];

/**
 * Only public unicast addresses are allowed as webhook targets unless the operator opts in:
 * loopback, private, link-local (cloud metadata), CGNAT, unspecified, multicast, reserved, and any
 * IPv6 form that embeds or tunnels to an IPv4 address (mapped and NAT64 forms are judged by the
 * IPv4 address they carry; IPv4-compatible, 6to4 and Teredo are refused outright).
 */
export function isBlockedAddress(address: string): boolean {
  const parsed = parseIp(address);
  if (!parsed) return true;
  if (parsed.kind() === 'ipv4') return parsed.range() !== 'unicast';
  const v6 = parsed as ipaddr.IPv6;
  const v4 = embeddedIPv4(v6);
  if (v4) return v4.range() !== 'unicast';
  if (BLOCKED_V6.some(([prefix, bits]) => inPrefix(v6, prefix, bits))) return true;
  return v6.range() !== 'unicast';
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
  // `localhost.` (a trailing dot) is the same name as `localhost`.
  const host = parsed.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
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

type Resolver = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for node:http that refuses blocked addresses at connect time, so a hostname that
 * resolves (or re-resolves: DNS rebinding) to a private address is never contacted. Node skips
 * `lookup` for literal IP hosts: those are checked with `webhookUrlProblem` before connecting.
 * `resolve` is the system resolver unless a test gives another.
 */
export function guardedLookupWith(resolve: Resolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (err, list) => {
      if (err) return callback(err, '');
      const blocked = list.find((a) => isBlockedAddress(a.address));
      if (blocked || list.length === 0) {
        const error: NodeJS.ErrnoException = new Error(
          `Refusing to connect to ${hostname} (${blocked?.address ?? 'no address'}): not a public address`,
        );
        error.code = BLOCKED_CODE;
        return callback(error, '');
      }
      if (options.all) return callback(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

export const guardedLookup = guardedLookupWith(dnsLookup as Resolver);

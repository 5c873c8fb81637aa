import ipaddr from 'ipaddr.js';
import { AppError } from '../errors/app-error.js';

const MAX_ENTRIES = 100;

/** An address as one kind: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) counts as its IPv4 address. */
function parseAddress(value: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (!ipaddr.isValid(value)) return undefined;
  return ipaddr.process(value);
}

function parseRange(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  if (entry.includes('/')) {
    if (!ipaddr.isValidCIDR(entry)) return undefined;
    const [address, bits] = ipaddr.parseCIDR(entry);
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
      return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
    }
    return [address, bits];
  }
  const address = parseAddress(entry);
  return address && [address, address.kind() === 'ipv4' ? 32 : 128];
}

/**
 * Validates and normalises an allow-list (IPs or CIDR ranges, IPv4 or IPv6). Each entry is kept
 * in its canonical form (`10.0.0.0/8`, `2001:db8::/32`); a bad one is VALIDATION_FAILED naming it.
 */
export function normaliseAllowList(entries: readonly string[]): string[] {
  if (entries.length > MAX_ENTRIES) {
    throw new AppError('VALIDATION_FAILED', {
      message: `At most ${MAX_ENTRIES} allowed IPs.`,
      param: 'allowed_ips',
    });
  }
  const normalised = entries.map((entry) => {
    const range = parseRange(entry.trim());
    if (!range) {
      throw new AppError('VALIDATION_FAILED', {
        message: `"${entry}" is not an IP address or CIDR range.`,
        param: 'allowed_ips',
      });
    }
    const [address, bits] = range;
    const full = address.kind() === 'ipv4' ? 32 : 128;
    return bits === full ? address.toString() : `${networkOf(address, bits).toString()}/${bits}`;
  });
  return [...new Set(normalised)];
}

function networkOf(address: ipaddr.IPv4 | ipaddr.IPv6, bits: number) {
  return address.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${bits}`);
}

/** Whether `ip` (the request's address) is inside one of the (normalised) entries. */
export function ipAllowed(ip: string | undefined, entries: readonly string[]): boolean {
  if (ip === undefined) return false;
  const address = parseAddress(ip);
  if (!address) return false;
  return entries.some((entry) => {
    const range = parseRange(entry);
    return range !== undefined && range[0].kind() === address.kind() && address.match(range);
  });
}

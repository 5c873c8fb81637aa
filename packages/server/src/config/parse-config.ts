import { isIP } from 'node:net';
import { Value } from '@sinclair/typebox/value';
import { AppError } from '../errors/app-error.js';
import { type Config, type ConfigInput, ConfigSchema } from './config-schema.js';
import { parseSinks } from './parse-sinks.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Validates options once, fills defaults, and freezes the result. */
export function parseConfig(input: ConfigInput = {}): Config {
  const sinks = parseSinks(input.sinks);
  const withDefaults = Value.Default(ConfigSchema, { ...structuredClone(input), sinks });
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new AppError('VALIDATION_FAILED', {
      message: `Invalid configuration at ${first.path || '/'}: ${first.message}`,
      details: { errors: errors.slice(0, 10).map((e) => ({ path: e.path, message: e.message })) },
    });
  }
  const config = withDefaults as Config;
  if (typeof config.trustProxy === 'string') checkTrustedProxies(config.trustProxy);
  return deepFreeze(config);
}

/** The names proxy-addr knows, besides addresses and CIDRs. */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Each entry of a `trustProxy` list is an IP, a CIDR or one of proxy-addr's names. */
function checkTrustedProxies(list: string): void {
  for (const raw of list.split(',')) {
    const entry = raw.trim();
    const [address = '', prefix, extra] = entry.split('/');
    const version = isIP(address);
    const max = version === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
    if (PROXY_NAMES.has(entry) || (version !== 0 && prefixOk && extra === undefined)) continue;
    throw new AppError('VALIDATION_FAILED', {
      message: `Invalid configuration at /trustProxy: "${entry}" is not an IP address, a CIDR or one of loopback, linklocal, uniquelocal.`,
      details: { errors: [{ path: '/trustProxy', message: 'not an address, CIDR or proxy name' }] },
    });
  }
}

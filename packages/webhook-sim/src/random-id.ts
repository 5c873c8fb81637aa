import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A prefixed random id in wagw's format, e.g. `randomId('evt')` → `evt_` + 24 base62 chars. */
export function randomId(prefix: string, length = 24): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(BASE62.length)];
  return `${prefix}_${out}`;
}

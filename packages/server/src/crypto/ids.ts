import { pooledRandomByte as nextRandomByte } from './random-pool.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 string; rejection sampling keeps it unbiased. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = nextRandomByte();
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

/** Random upper-case hex (for WhatsApp-style message ids). */
export function randomHex(bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += nextRandomByte().toString(16).padStart(2, '0');
  return out.toUpperCase();
}

export type IdPrefix =
  | 'ten'
  | 'key'
  | 'ses'
  | 'msg'
  | 'evt'
  | 'whk'
  | 'whd'
  | 'req'
  | 'usr'
  | 'lgs'
  | 'inv'
  | 'pln'
  | 'sub'
  | 'ivt'
  | 'aud'
  | 'med'
  | 'log'
  | 'tpl'
  | 'brd';

/**
 * Prefixed, roughly time-ordered ids (`msg_…`): 8 base62 chars of milliseconds, then 16 random.
 * Time order keeps indexes append-mostly; the random tail keeps ids unguessable.
 */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${encodeTime(Date.now())}${randomBase62(16)}`;
}

function encodeTime(ms: number): string {
  let n = ms;
  let s = '';
  for (let i = 0; i < 8; i++) {
    s = ALPHABET[n % 62] + s;
    n = Math.floor(n / 62);
  }
  return s;
}

export function hasPrefix(id: string, prefix: IdPrefix): boolean {
  return id.startsWith(`${prefix}_`) && id.length > prefix.length + 1;
}

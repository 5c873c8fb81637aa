import { createHash, timingSafeEqual } from 'node:crypto';
import { randomBase62 } from './ids.js';

export type KeyMode = 'live' | 'test';

const KEY_RE = /^wagw_(live|test)_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/;

/** CRC32 (IEEE), used as an offline-checkable checksum like GitHub's token format. */
function crc32(input: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(input)) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function checksum(body: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let n = crc32(body);
  let s = '';
  for (let i = 0; i < 6; i++) {
    s = alphabet[n % 62] + s;
    n = Math.floor(n / 62);
  }
  return s;
}

/** `wagw_live_` + 32 base62 chars (~190 bits) + 6-char CRC32 checksum. */
export function generateApiKey(mode: KeyMode): string {
  const body = randomBase62(32);
  return `wagw_${mode}_${body}${checksum(body)}`;
}

/** Checks the shape and checksum without touching the database. */
export function parseApiKey(key: string): { mode: KeyMode } | null {
  const m = KEY_RE.exec(key);
  if (!m) return null;
  const [, mode, body, sum] = m;
  if (!body || checksum(body) !== sum) return null;
  return { mode: mode as KeyMode };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The part shown in listings: enough to recognise a key, useless to an attacker. */
export function displayPrefix(key: string): string {
  return key.slice(0, 'wagw_live_'.length + 4);
}

export function hashesEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

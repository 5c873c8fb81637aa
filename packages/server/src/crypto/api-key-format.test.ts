import { describe, expect, it } from 'vitest';
import { displayPrefix, generateApiKey, hashApiKey, hashesEqual, parseApiKey } from './api-key-format.js';

describe('api key format', () => {
  it('generates keys with prefix, >=128 bits of randomness and a valid checksum', () => {
    const key = generateApiKey('live');
    expect(key).toMatch(/^wagw_live_[0-9A-Za-z]{38}$/);
    expect(parseApiKey(key)).toEqual({ mode: 'live' });
    expect(parseApiKey(generateApiKey('test'))).toEqual({ mode: 'test' });
    // 32 base62 chars = 190 bits
    expect(32 * Math.log2(62)).toBeGreaterThan(128);
  });

  it('rejects a key whose checksum does not match (typo or forgery)', () => {
    const key = generateApiKey('live');
    const flipped = key.slice(0, 12) + (key[12] === 'a' ? 'b' : 'a') + key.slice(13);
    expect(parseApiKey(flipped)).toBeNull();
    expect(parseApiKey('wagw_prod_abc')).toBeNull();
    expect(parseApiKey('')).toBeNull();
  });

  it('keys are unique, hashes compare in constant time, prefixes reveal little', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey('live')));
    expect(keys.size).toBe(1000);
    const key = generateApiKey('live');
    expect(hashesEqual(hashApiKey(key), hashApiKey(key))).toBe(true);
    expect(hashesEqual(hashApiKey(key), hashApiKey(`${key}x`))).toBe(false);
    expect(displayPrefix(key)).toHaveLength('wagw_live_'.length + 4);
  });
});

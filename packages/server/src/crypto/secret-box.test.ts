import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMasterKey, MasterKeyError } from './master-key.js';
import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const key = randomBytes(32);

  it('round-trips and never stores plaintext', () => {
    const box = new SecretBox([key]);
    const sealed = box.encrypt('whsec_secret', 'row:1');
    expect(sealed).not.toContain('whsec_secret');
    expect(box.decryptString(sealed, 'row:1')).toBe('whsec_secret');
  });

  it('binds ciphertext to its row and detects tampering', () => {
    const box = new SecretBox([key]);
    const sealed = box.encrypt('value', 'row:1');
    expect(() => box.decrypt(sealed, 'row:2')).toThrow(/decrypt/);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.decrypt(parts.join('.'), 'row:1')).toThrow();
  });

  it('decrypts with an older key after rotation', () => {
    const oldBox = new SecretBox([key]);
    const sealed = oldBox.encrypt('value', 'aad');
    const rotated = new SecretBox([randomBytes(32), key]);
    expect(rotated.decryptString(sealed, 'aad')).toBe('value');
    expect(() => new SecretBox([randomBytes(32)]).decrypt(sealed, 'aad')).toThrow();
  });
});

describe('loadMasterKey', () => {
  it('creates a 0600 key file on a new data dir and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wagw-key-'));
    const created = loadMasterKey({ dataDir: dir, allowCreate: true });
    expect(created).toHaveLength(32);
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(loadMasterKey({ dataDir: dir, allowCreate: false }).equals(created)).toBe(true);
  });

  it('refuses to invent a key for an existing database, and rejects a malformed key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wagw-key-'));
    expect(() => loadMasterKey({ dataDir: dir, allowCreate: false })).toThrow(MasterKeyError);
    writeFileSync(join(dir, 'master.key'), 'not-a-key');
    expect(() => loadMasterKey({ dataDir: dir, allowCreate: true })).toThrow(/32 bytes/);
    expect(() => loadMasterKey({ dataDir: dir, masterKey: 'short', allowCreate: true })).toThrow(
      MasterKeyError,
    );
  });
});

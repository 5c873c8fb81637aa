import { createCipheriv, createDecipheriv } from 'node:crypto';
import { pooledRandomBytes } from './random-pool.js';

const VERSION = 'v1';

/**
 * AES-256-GCM with a 12-byte random IV and a 16-byte tag. The AAD binds a ciphertext to the row it
 * belongs to, so a value copied into another row fails to decrypt. Several keys may be given for
 * decryption (the first encrypts) so the master key can be rotated.
 */
export class SecretBox {
  readonly #keys: readonly Buffer[];

  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0) throw new Error('SecretBox needs at least one key');
    for (const key of keys) {
      if (key.length !== 32) throw new Error('SecretBox keys must be 32 bytes');
    }
    this.#keys = keys;
  }

  encrypt(plaintext: string | Buffer, aad: string): string {
    const iv = pooledRandomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#keys[0]!, iv, { authTagLength: 16 });
    cipher.setAAD(Buffer.from(aad));
    const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${VERSION}.0.${iv.toString('base64url')}.${data.toString('base64url')}.${tag.toString('base64url')}`;
  }

  decrypt(sealed: string, aad: string): Buffer {
    const [version, , iv, data, tag] = sealed.split('.');
    if (version !== VERSION || !iv || data === undefined || !tag) throw new Error('Unrecognised ciphertext');
    let lastError: unknown;
    for (const key of this.#keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
          authTagLength: 16,
        });
        decipher.setAAD(Buffer.from(aad));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
      } catch (error) {
        lastError = error;
      }
    }
    throw new Error('Could not decrypt: wrong master key or tampered value', { cause: lastError });
  }

  decryptString(sealed: string, aad: string): string {
    return this.decrypt(sealed, aad).toString('utf8');
  }
}

import { createHmac } from 'node:crypto';
import type { SecretBox } from '../crypto/secret-box.js';
import { secretAad } from '../domain/webhooks-service.js';

const SECRET_PREFIX = 'whsec_';
const MAX_KEYS = 1000;

/**
 * Signs deliveries the Standard Webhooks way (`v1,` + base64 of HMAC-SHA256 over
 * `id.timestamp.body` with the secret's bytes), with node:crypto. The `standardwebhooks` package
 * hashes in JavaScript (fast-sha256), which cost more per delivery than all the rest of signing;
 * the tests verify these signatures with that package, so both stay interchangeable.
 *
 * An endpoint's secret is decrypted once per stored value and kept (at most MAX_KEYS, oldest out):
 * a rotated secret is a new stored value, so it is never signed with a stale key.
 */
export class WebhookSigner {
  readonly #keys = new Map<string, Buffer>();

  constructor(private readonly box: SecretBox) {}

  /** The signing key of an endpoint; throws when its stored secret cannot be decrypted. */
  keyFor(endpointId: string, sealedSecret: string): Buffer {
    const cacheKey = `${endpointId}:${sealedSecret}`;
    let key = this.#keys.get(cacheKey);
    if (!key) {
      const secret = this.box.decryptString(sealedSecret, secretAad(endpointId));
      key = Buffer.from(
        secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
        'base64',
      );
      if (this.#keys.size >= MAX_KEYS) this.#keys.delete(this.#keys.keys().next().value as string);
      this.#keys.set(cacheKey, key);
    }
    return key;
  }

  /**
   * The `webhook-signature` header value. Several keys (a rotation's overlap window) give several
   * space-separated signatures, as Standard Webhooks allows: a receiver with either secret verifies.
   */
  sign(key: Buffer | readonly Buffer[], id: string, timestampSeconds: number, body: string): string {
    const keys: readonly Buffer[] = Buffer.isBuffer(key) ? [key] : (key as readonly Buffer[]);
    const content = `${id}.${timestampSeconds}.${body}`;
    return keys.map((k) => `v1,${createHmac('sha256', k).update(content).digest('base64')}`).join(' ');
  }
}

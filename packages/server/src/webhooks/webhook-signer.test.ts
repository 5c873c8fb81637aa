import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../crypto/secret-box.js';
import { secretAad } from '../domain/webhooks-service.js';
import { WebhookSigner } from './webhook-signer.js';

describe('WebhookSigner', () => {
  const box = new SecretBox([randomBytes(32)]);
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const sealed = box.encrypt(secret, secretAad('whk_1'));

  it('signs exactly as the standardwebhooks package does, and verifies with it', () => {
    const signer = new WebhookSigner(box);
    const key = signer.keyFor('whk_1', sealed);
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const body = JSON.stringify({ type: 'message.sent', data: { text: 'héllo' } });
    const ours = signer.sign(key, 'evt_1', at.getTime() / 1000, body);
    expect(ours).toBe(new Webhook(secret).sign('evt_1', at, body));
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(at.getTime() / 1000),
      'webhook-signature': ours,
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('a secret that cannot be decrypted throws; a rotated secret gets its own key', () => {
    const signer = new WebhookSigner(box);
    expect(() => signer.keyFor('whk_2', sealed)).toThrow();
    const rotated = `whsec_${randomBytes(24).toString('base64')}`;
    const k1 = signer.keyFor('whk_1', sealed);
    const k2 = signer.keyFor('whk_1', box.encrypt(rotated, secretAad('whk_1')));
    expect(k1.equals(k2)).toBe(false);
  });
});

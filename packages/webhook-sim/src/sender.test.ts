import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from './fixtures.js';
import { startReceiver, type WebhookReceiver } from './receiver.js';
import { WebhookSendError } from './send-error.js';
import { sendWebhook } from './sender.js';
import { generateSecret, verify } from './signer.js';

const open: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});
async function receiver(options: Parameters<typeof startReceiver>[0] = {}): Promise<WebhookReceiver> {
  const r = await startReceiver(options);
  open.push(r);
  return r;
}

describe('sendWebhook', () => {
  it('sends a raw string body byte for byte and signs those bytes', async () => {
    const secret = generateSecret();
    const r = await receiver({ secret });
    const payload = fixture('message.read');
    const body = `{ "pretty": true, ${JSON.stringify(payload).slice(1)}`;
    const result = await sendWebhook({ url: r.url, secret, payload: body });
    expect(result.status).toBe(200);
    const got = await r.waitFor();
    expect(got.body).toBe(body);
    expect(got.headers['webhook-id']).toBe(payload.id);
    expect(verify({ secret, headers: got.headers, body: got.body }).id).toBe(payload.id);
  });

  it('uses the given id and timestamp, and extra headers', async () => {
    const r = await receiver();
    await sendWebhook({
      url: r.url,
      secret: generateSecret(),
      payload: fixture('message.sent'),
      id: 'evt_custom',
      timestamp: 1_700_000_000,
      headers: { 'X-Test': 'yes', 'webhook-id': 'ignored' },
    });
    const got = await r.waitFor();
    expect(got.headers).toMatchObject({
      'webhook-id': 'evt_custom',
      'webhook-timestamp': '1700000000',
      'x-test': 'yes',
    });
  });

  it('never follows redirects', async () => {
    const target = await receiver();
    const redirector = await receiver({
      respondWith: () => ({ status: 302, headers: { location: target.url } }),
    });
    const result = await sendWebhook({
      url: redirector.url,
      secret: generateSecret(),
      payload: fixture('message.sent'),
    });
    expect(result.status).toBe(302);
    expect(redirector.received).toHaveLength(1);
    expect(target.received).toHaveLength(0);
  });

  it('times out with a TIMEOUT error', async () => {
    // The receiver answers only after the sender has given up (not after a fixed second, which a
    // busy machine could make look like "in time").
    let answer: (status: number) => void = () => {};
    const r = await receiver({
      respondWith: () => new Promise<number>((resolve) => (answer = resolve)),
    });
    const err = await sendWebhook({
      url: r.url,
      secret: generateSecret(),
      payload: fixture('message.sent'),
      timeoutMs: 100,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WebhookSendError);
    expect(err).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/timed out after 100ms/) });
    expect((err as WebhookSendError).durationMs).toBeGreaterThanOrEqual(90);
    answer(200);
  });

  it('reports connection failures as NETWORK_ERROR', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    await expect(
      sendWebhook({
        url: `http://127.0.0.1:${port}/`,
        secret: generateSecret(),
        payload: fixture('message.sent'),
      }),
    ).rejects.toMatchObject({ name: 'WebhookSendError', code: 'NETWORK_ERROR' });
  });

  it('requires an id when the payload has none', async () => {
    await expect(
      sendWebhook({ url: 'http://127.0.0.1:9/', secret: generateSecret(), payload: 'not json' }),
    ).rejects.toThrow(/webhook-id/);
  });
});

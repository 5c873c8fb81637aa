import { request } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from './fixtures.js';
import { type ReceivedWebhook, startReceiver, type WebhookReceiver } from './receiver.js';
import { sendWebhook } from './sender.js';
import { generateSecret } from './signer.js';

const open: WebhookReceiver[] = [];
async function receiver(options: Parameters<typeof startReceiver>[0] = {}): Promise<WebhookReceiver> {
  const r = await startReceiver(options);
  open.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

describe('sendWebhook + startReceiver', () => {
  it('delivers a signed webhook that the receiver verifies', async () => {
    const secret = generateSecret();
    const printed: ReceivedWebhook[] = [];
    const r = await receiver({ secret, onWebhook: (w) => printed.push(w) });
    expect(r.url).toBe(`http://127.0.0.1:${r.port}/`);
    const payload = fixture('message.delivered');

    const result = await sendWebhook({ url: `${r.url}hooks/wagw`, secret, payload });
    expect(result).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);

    const got = await r.waitFor((w) => w.payload?.id === payload.id);
    expect(got).toMatchObject({ method: 'POST', path: '/hooks/wagw', verified: true, attempt: 1, payload });
    expect(got.error).toBeUndefined();
    expect(got.body).toBe(JSON.stringify(payload));
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['webhook-id']).toBe(payload.id);
    expect(got.response).toEqual({ status: 200, body: '{"ok":true}' });
    expect(got.receivedAt).toBeInstanceOf(Date);
    // The exact bytes on the wire verify with the reference implementation too.
    expect(new Webhook(secret).verify(got.body, got.headers)).toEqual(payload);
    expect(printed).toEqual([got]);
  });

  it('answers 401 to bad signatures but records them unverified', async () => {
    const r = await receiver({ secret: generateSecret() });
    const payload = fixture('message.sent');
    const result = await sendWebhook({ url: r.url, secret: generateSecret(), payload });
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'BAD_SIGNATURE' } });
    expect(r.received).toHaveLength(1);
    expect(r.received[0]).toMatchObject({
      verified: false,
      errorCode: 'BAD_SIGNATURE',
      error: expect.stringMatching(/signature/),
      payload,
      response: { status: 401 },
    });
  });

  it('answers 401 to stale timestamps', async () => {
    const secret = generateSecret();
    const r = await receiver({ secret });
    const result = await sendWebhook({
      url: r.url,
      secret,
      payload: fixture('message.read'),
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(result.status).toBe(401);
    expect(r.received[0]?.errorCode).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
  });

  it('answers 400 to invalid payloads', async () => {
    const secret = generateSecret();
    const r = await receiver({ secret });
    const result = await sendWebhook({ url: r.url, secret, payload: 'not json', id: 'evt_1' });
    expect(result.status).toBe(400);
    expect(r.received[0]).toMatchObject({
      verified: false,
      errorCode: 'INVALID_PAYLOAD',
      payload: undefined,
    });
  });

  it('simulates a failing receiver with respondWith and records each status', async () => {
    const secret = generateSecret();
    const r = await receiver({
      secret,
      respondWith: (_payload, { attempt }) => (attempt <= 2 ? { status: 500, body: 'boom' } : 204),
    });
    const payload = fixture('message.failed');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await sendWebhook({ url: r.url, secret, payload })).status);

    expect(statuses).toEqual([500, 500, 204]);
    expect(r.received.map((w) => [w.attempt, w.response.status, w.verified])).toEqual([
      [1, 500, true],
      [2, 500, true],
      [3, 204, true],
    ]);
    expect(r.received[0]?.response.body).toBe('boom');
    const ok = await r.waitFor((w) => w.response.status < 300);
    expect(ok.attempt).toBe(3);
  });

  it('turns a throwing respondWith into a 500', async () => {
    const secret = generateSecret();
    const r = await receiver({
      secret,
      respondWith: () => {
        throw new Error('nope');
      },
    });
    const result = await sendWebhook({ url: r.url, secret, payload: fixture('message.sent') });
    expect(result.status).toBe(500);
    expect(r.received[0]?.error).toBe('respondWith threw: nope');
  });

  it('accepts unsigned webhooks without a secret, marked unverified', async () => {
    const r = await receiver();
    const payload = fixture('session.status');
    const result = await sendWebhook({ url: r.url, secret: generateSecret(), payload });
    expect(result.status).toBe(200);
    expect(await r.waitFor('session.status')).toMatchObject({ verified: false, payload });
  });

  it('waitFor resolves for webhooks arriving later', async () => {
    const secret = generateSecret();
    const r = await receiver({ secret });
    // Bounded by the test's own timeout, not by a short one of its own.
    const waiting = r.waitFor('message.received', { timeoutMs: 60_000 });
    await sendWebhook({ url: r.url, secret, payload: fixture('message.sent') });
    await sendWebhook({ url: r.url, secret, payload: fixture('message.received') });
    const got = await waiting;
    expect(got.payload?.type).toBe('message.received');
    expect(r.received).toHaveLength(2);
    r.clear();
    expect(r.received).toHaveLength(0);
  });

  it('waitFor times out with a clear error', async () => {
    const r = await receiver();
    await expect(r.waitFor((w) => w.verified, { timeoutMs: 50 })).rejects.toThrow(
      /waitFor timed out after 50ms waiting for a matching webhook \(0 received, none matched\)/,
    );
    await expect(r.waitFor('message.read', { timeoutMs: 20 })).rejects.toThrow(/"message\.read" webhook/);
  });

  it('close() rejects pending waitFor calls', async () => {
    const r = await startReceiver();
    const waiting = r.waitFor(undefined, { timeoutMs: 5_000 });
    await r.close();
    await expect(waiting).rejects.toThrow(/closed/);
    await r.close();
  });

  it('answers 405 to non-POST requests without recording them', async () => {
    const r = await receiver();
    const res = await fetch(r.url);
    expect(res.status).toBe(405);
    expect(r.received).toHaveLength(0);
  });

  it('answers 413 to oversized bodies', async () => {
    const r = await receiver({ maxBodyBytes: 100 });
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(r.url, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end('x'.repeat(1000));
    });
    expect(status).toBe(413);
    expect(r.received).toHaveLength(0);
  });

  it('rejects an unusable secret at startup', async () => {
    await expect(startReceiver({ secret: 'whsec_' })).rejects.toThrow(TypeError);
  });
});

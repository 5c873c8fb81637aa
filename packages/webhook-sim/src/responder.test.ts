import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from './fixtures.js';
import { startReceiver, type WebhookReceiver } from './receiver.js';
import { createResponder } from './responder.js';
import { sendWebhook } from './sender.js';
import { generateSecret } from './signer.js';

const open: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

/** The statuses a responder decides for `attempts` (1, 2, …) of one webhook. */
function statuses(responder: ReturnType<typeof createResponder>, attempts: number[]): number[] {
  return attempts.map((attempt) => responder.decide({ attempt }).status);
}

describe('createResponder', () => {
  it('answers 200 with {"ok":true} by default, and a chosen status with --status', () => {
    expect(createResponder().decide({ attempt: 1 })).toEqual({
      status: 200,
      reason: 'ok',
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
      delayMs: 0,
    });
    const gone = createResponder({ status: 410 }).decide({ attempt: 3 });
    expect(gone).toMatchObject({ status: 410, reason: 'ok' });
    expect(JSON.parse(gone.body)).toMatchObject({ error: { code: 'SIMULATED_FAILURE' } });
    expect(createResponder({ status: 204 }).decide({ attempt: 1 }).body).toBe('{"ok":true}');
  });

  it('fails the first n attempts of a webhook with failStatus, then answers status', () => {
    expect(statuses(createResponder({ failFirst: 2 }), [1, 2, 3, 4])).toEqual([500, 500, 200, 200]);
    const custom = createResponder({ failFirst: 1, failStatus: 503, status: 202 });
    expect(statuses(custom, [1, 2])).toEqual([503, 202]);
    expect(custom.decide({ attempt: 1 })).toMatchObject({ reason: 'fail-first' });
    expect(JSON.parse(custom.decide({ attempt: 1 }).body).error.message).toMatch(
      /attempt 1 failed on purpose/,
    );
  });

  it('sends Retry-After with every answer that is not 2xx', () => {
    const responder = createResponder({ failFirst: 1, retryAfterSeconds: 7 });
    expect(responder.decide({ attempt: 1 }).headers).toMatchObject({ 'retry-after': '7' });
    expect(responder.decide({ attempt: 2 }).headers['retry-after']).toBeUndefined();
    expect(
      createResponder({ status: 503, retryAfterSeconds: 0 }).decide({ attempt: 1 }).headers,
    ).toMatchObject({
      'retry-after': '0',
    });
  });

  it('fails about failRate of the attempts, the same ones for the same seed', () => {
    const attempts = Array.from({ length: 2000 }, () => 1);
    const a = statuses(createResponder({ failRate: 0.3, seed: 42 }), attempts);
    const b = statuses(createResponder({ failRate: 0.3, seed: 42 }), attempts);
    const c = statuses(createResponder({ failRate: 0.3, seed: 43 }), attempts);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const failed = a.filter((s) => s === 500).length / a.length;
    expect(failed).toBeGreaterThan(0.25);
    expect(failed).toBeLessThan(0.35);
    expect(statuses(createResponder({ failRate: 1 }), [1, 2, 3])).toEqual([500, 500, 500]);
    expect(statuses(createResponder({ failRate: 0 }), [1, 2, 3])).toEqual([200, 200, 200]);
  });

  it('draws from a given random source, and only after failFirst', () => {
    const draws: number[] = [];
    const responder = createResponder({
      failFirst: 1,
      failRate: 0.5,
      random: () => {
        draws.push(draws.length);
        return draws.length % 2 === 1 ? 0.1 : 0.9;
      },
    });
    expect(responder.decide({ attempt: 1 }).reason).toBe('fail-first');
    expect(draws).toHaveLength(0);
    expect(responder.decide({ attempt: 2 }).reason).toBe('fail-rate');
    expect(responder.decide({ attempt: 3 }).reason).toBe('ok');
  });

  it.each([
    [{ status: 99 }, /status must be an integer from 200 to 599/],
    [{ status: 150 }, /status must be an integer from 200 to 599/],
    [{ status: 200.5 }, /status must be an integer/],
    [{ failStatus: 204 }, /failStatus must be an integer from 300 to 599/],
    [{ failFirst: -1 }, /failFirst must be an integer from 0/],
    [{ failRate: 1.5 }, /failRate must be a number from 0 to 1/],
    [{ failRate: Number.NaN }, /failRate must be a number from 0 to 1/],
    [{ delayMs: -5 }, /delayMs must be an integer from 0/],
    [{ retryAfterSeconds: 1.5 }, /retryAfterSeconds must be an integer/],
    [{ seed: -1 }, /seed must be an integer/],
  ])('rejects %o', (options, message) => {
    expect(() => createResponder(options)).toThrow(RangeError);
    expect(() => createResponder(options)).toThrow(message);
  });

  it('drives a receiver: fail twice with Retry-After, then accept; the delay is felt by the sender', async () => {
    const secret = generateSecret();
    const receiver = await startReceiver({
      secret,
      respondWith: createResponder({ failFirst: 2, retryAfterSeconds: 3, delayMs: 150 }),
    });
    open.push(receiver);
    const payload = fixture('message.read');
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await sendWebhook({ url: receiver.url, secret, payload }));
    expect(results.map((r) => r.status)).toEqual([500, 500, 200]);
    for (const r of results) expect(r.durationMs).toBeGreaterThanOrEqual(140);
    expect(receiver.received.map((w) => [w.attempt, w.response.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(results[2]?.body).toBe('{"ok":true}');

    const raw = await fetch(receiver.url, {
      method: 'POST',
      body: JSON.stringify(payload),
      headers: { 'content-type': 'application/json' },
    });
    // Unsigned: rejected before the responder is asked.
    expect(raw.status).toBe(401);

    const other = await startReceiver({
      respondWith: createResponder({ failFirst: 1, retryAfterSeconds: 3 }),
    });
    open.push(other);
    const first = await fetch(other.url, { method: 'POST', body: JSON.stringify(fixture('session.status')) });
    expect(first.status).toBe(500);
    expect(first.headers.get('retry-after')).toBe('3');
  });
});

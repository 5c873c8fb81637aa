import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  WagwError,
  WebhookSignatureError,
  WebhookTimestampError,
  WebhookVerificationError,
} from '../core/errors.js';
import { EVENT_EXAMPLES } from '../generated/event-catalog.js';
import type { WebhookEvent } from '../types.js';
import { verifyWebhook } from './verify.js';

const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
const event = {
  id: 'evt_1',
  type: 'message.delivered',
  timestamp: '2025-01-01T00:00:00.000Z',
  session_id: 'ses_1',
  sequence: 7,
  data: { message_id: 'msg_1' },
};
const payload = JSON.stringify(event);

function signedHeaders(body: string, at = new Date(), id = 'evt_1') {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

function verificationError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe('verifyWebhook', () => {
  it('returns the event signed by standardwebhooks, from a string, a Buffer or Fetch headers', () => {
    const headers = signedHeaders(payload);
    const fromString = verifyWebhook({ payload, headers, secret });
    expect(fromString).toEqual(event);
    if (fromString.type === 'message.delivered') expect(fromString.sequence).toBe(7);
    expect(verifyWebhook({ payload: Buffer.from(payload), headers, secret })).toEqual(event);
    expect(verifyWebhook({ payload, headers: new Headers(headers), secret })).toEqual(event);
  });

  it('accepts any matching signature of several (secret rotation) and Node array headers', () => {
    const headers = signedHeaders(payload);
    const other = new Webhook(`whsec_${Buffer.from('another secret, also rotated').toString('base64')}`);
    const rotated = `${other.sign('evt_1', new Date(), payload)} ${headers['webhook-signature']}`;
    expect(
      verifyWebhook({ payload, headers: { ...headers, 'Webhook-Signature': [rotated] }, secret }),
    ).toEqual(event);
  });

  it('rejects a tampered body, id or signature', () => {
    const headers = signedHeaders(payload);
    const tampered = payload.replace('msg_1', 'msg_2');
    for (const attempt of [
      () => verifyWebhook({ payload: tampered, headers, secret }),
      () => verifyWebhook({ payload, headers: { ...headers, 'webhook-id': 'evt_2' }, secret }),
      () => verifyWebhook({ payload, headers: { ...headers, 'webhook-signature': 'v1,AAAA' }, secret }),
      () =>
        verifyWebhook({
          payload,
          headers: { ...headers, 'webhook-signature': headers['webhook-signature'].replace('v1,', 'v2,') },
          secret,
        }),
      () =>
        verifyWebhook({
          payload,
          headers,
          secret: `whsec_${Buffer.from('wrong secret').toString('base64')}`,
        }),
    ]) {
      const error = verificationError(attempt);
      expect(WebhookVerificationError.is(error)).toBe(true);
      expect((error as Error).message).toBe('No matching webhook signature.');
    }
  });

  it('rejects missing headers', () => {
    const { 'webhook-signature': _, ...headers } = signedHeaders(payload);
    expect(() => verifyWebhook({ payload, headers, secret })).toThrow('Missing webhook signature headers.');
  });

  it('rejects timestamps outside the tolerance, which is configurable', () => {
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const old = signedHeaders(payload, tenMinutesAgo);
    expect(() => verifyWebhook({ payload, headers: old, secret })).toThrow(WebhookVerificationError);
    expect(verifyWebhook({ payload, headers: old, secret, toleranceSeconds: 15 * 60 })).toEqual(event);
    const future = signedHeaders(payload, new Date(Date.now() + 60_000));
    expect(() => verifyWebhook({ payload, headers: future, secret, toleranceSeconds: 30 })).toThrow(
      'Webhook timestamp is in the future.',
    );
    expect(() =>
      verifyWebhook({ payload, headers: { ...old, 'webhook-timestamp': 'soon' }, secret }),
    ).toThrow('Invalid webhook-timestamp header.');
  });

  it('rejects a signed payload that is not an event', () => {
    expect(() => verifyWebhook({ payload: '[1]', headers: signedHeaders('[1]'), secret })).toThrow(
      'The webhook payload is not a wagw event.',
    );
  });

  it('reports a missing secret as a usage error, not a verification failure', () => {
    const error = verificationError(() =>
      verifyWebhook({ payload, headers: signedHeaders(payload), secret: '' }),
    );
    expect(WagwError.is(error)).toBe(true);
    expect(WebhookVerificationError.is(error)).toBe(false);
  });

  it('says why in a reason code', () => {
    const headers = signedHeaders(payload);
    const reasonOf = (fn: () => unknown) => (verificationError(fn) as WebhookVerificationError).reason;
    expect(reasonOf(() => verifyWebhook({ payload, headers: {}, secret }))).toBe('MISSING_HEADERS');
    expect(reasonOf(() => verifyWebhook({ payload: `${payload} `, headers, secret }))).toBe('BAD_SIGNATURE');
    const old = signedHeaders(payload, new Date(Date.now() - 10 * 60_000));
    expect(reasonOf(() => verifyWebhook({ payload, headers: old, secret }))).toBe(
      'TIMESTAMP_OUT_OF_TOLERANCE',
    );
    expect(reasonOf(() => verifyWebhook({ payload: '[1]', headers: signedHeaders('[1]'), secret }))).toBe(
      'INVALID_PAYLOAD',
    );
  });

  it('takes (payload, headers, secret) and returns a typed event of the catalog union', () => {
    const body = JSON.stringify(EVENT_EXAMPLES['message.received']);
    const event: WebhookEvent = verifyWebhook(
      body,
      signedHeaders(body, new Date(), EVENT_EXAMPLES['message.received'].id),
      secret,
    );
    expect(event).toEqual(EVENT_EXAMPLES['message.received']);
    // Narrowing on `type` gives that type's `data` (a compile-time check as much as a runtime one).
    if (event.type === 'message.received') expect(event.data.text).toBe('Thanks! When will it arrive?');
    else throw new Error(`unexpected ${event.type}`);
    const disabled = JSON.stringify(EVENT_EXAMPLES['webhook.endpoint_disabled']);
    const e2 = verifyWebhook(disabled, signedHeaders(disabled), secret);
    if (e2.type !== 'webhook.endpoint_disabled') throw new Error('narrowing');
    expect(e2.data.reason).toBe('failing');
  });

  it('throws WebhookSignatureError for a bad signature and WebhookTimestampError for a stale timestamp', () => {
    const bad = verificationError(() => verifyWebhook(`${payload} `, signedHeaders(payload), secret));
    expect(WebhookSignatureError.is(bad)).toBe(true);
    expect(WebhookTimestampError.is(bad)).toBe(false);
    expect(bad).toBeInstanceOf(WebhookVerificationError);
    const stale = verificationError(() =>
      verifyWebhook(payload, signedHeaders(payload, new Date(Date.now() - 6 * 60_000)), secret),
    );
    expect(WebhookTimestampError.is(stale)).toBe(true);
    expect((stale as WebhookTimestampError).reason).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
    expect(
      verifyWebhook(payload, signedHeaders(payload, new Date(Date.now() - 6 * 60_000)), secret, {
        toleranceSeconds: 600,
      }),
    ).toEqual(event);
  });
});

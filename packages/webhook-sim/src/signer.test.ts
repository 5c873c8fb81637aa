import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.js';
import { generateSecret, sign, verify } from './signer.js';
import { WebhookVerificationError } from './verification-error.js';

const now = () => Math.floor(Date.now() / 1000);

function signed(secret = generateSecret(), timestamp = now()) {
  const payload = fixture('message.read');
  const body = JSON.stringify(payload);
  const headers = sign({ secret, id: payload.id, timestamp, body });
  return { secret, payload, body, headers };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WebhookVerificationError);
    return (err as WebhookVerificationError).code;
  }
  throw new Error('expected verify() to throw');
}

describe('generateSecret', () => {
  it('returns whsec_ + base64 of 32 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
  });
});

describe('sign/verify', () => {
  it('round-trips and returns the parsed payload', () => {
    const { secret, payload, body, headers } = signed();
    expect(headers['webhook-id']).toBe(payload.id);
    expect(headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verify({ secret, headers, body })).toEqual(payload);
    expect(verify({ secret, headers, body: new TextEncoder().encode(body) })).toEqual(payload);
  });

  it('is accepted by standardwebhooks Webhook.verify', () => {
    const { secret, payload, body, headers } = signed();
    expect(new Webhook(secret).verify(body, headers)).toEqual(payload);
  });

  it('verifies signatures made by standardwebhooks Webhook.sign', () => {
    const secret = generateSecret();
    const payload = fixture('session.status');
    const body = JSON.stringify(payload);
    const ts = new Date();
    const headers = {
      'Webhook-Id': payload.id,
      'Webhook-Timestamp': String(Math.floor(ts.getTime() / 1000)),
      'Webhook-Signature': new Webhook(secret).sign(payload.id, ts, body),
    };
    expect(verify({ secret, headers, body })).toEqual(payload);
    expect(verify({ secret, headers: new Headers(headers), body })).toEqual(payload);
  });

  it('accepts any matching signature in a space-separated list', () => {
    const { secret, body, headers } = signed();
    const rotated = { ...headers, 'webhook-signature': `v1,bm9wZQ== v2,xyz ${headers['webhook-signature']}` };
    expect(() => verify({ secret, headers: rotated, body })).not.toThrow();
  });

  it('rejects a tampered body, id or timestamp with BAD_SIGNATURE', () => {
    const { secret, body, headers } = signed();
    expect(codeOf(() => verify({ secret, headers, body: body.replace('"read"', '"sent"') }))).toBe(
      'BAD_SIGNATURE',
    );
    expect(codeOf(() => verify({ secret, headers, body: `${body} ` }))).toBe('BAD_SIGNATURE');
    expect(codeOf(() => verify({ secret, headers: { ...headers, 'webhook-id': 'evt_x' }, body }))).toBe(
      'BAD_SIGNATURE',
    );
    const ts = String(Number(headers['webhook-timestamp']) - 1);
    expect(codeOf(() => verify({ secret, headers: { ...headers, 'webhook-timestamp': ts }, body }))).toBe(
      'BAD_SIGNATURE',
    );
  });

  it('rejects the wrong secret with BAD_SIGNATURE', () => {
    const { body, headers } = signed();
    expect(codeOf(() => verify({ secret: generateSecret(), headers, body }))).toBe('BAD_SIGNATURE');
  });

  it('rejects old or future timestamps with TIMESTAMP_OUT_OF_TOLERANCE', () => {
    const old = signed(undefined, now() - 301);
    expect(codeOf(() => verify(old))).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
    expect(() => new Webhook(old.secret).verify(old.body, old.headers)).toThrow(/too old/);
    const future = signed(undefined, now() + 400);
    expect(codeOf(() => verify(future))).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
  });

  it('honours toleranceSeconds', () => {
    const s = signed(undefined, now() - 3600);
    expect(() => verify({ ...s, toleranceSeconds: 7200 })).not.toThrow();
    const recent = signed(undefined, now() - 30);
    expect(codeOf(() => verify({ ...recent, toleranceSeconds: 10 }))).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
  });

  it('rejects missing or malformed headers with MISSING_HEADERS', () => {
    const { secret, body, headers } = signed();
    const { 'webhook-signature': _sig, ...noSignature } = headers;
    expect(codeOf(() => verify({ secret, headers: noSignature, body }))).toBe('MISSING_HEADERS');
    expect(codeOf(() => verify({ secret, headers: {}, body }))).toBe('MISSING_HEADERS');
    expect(codeOf(() => verify({ secret, headers: { ...headers, 'webhook-timestamp': 'soon' }, body }))).toBe(
      'MISSING_HEADERS',
    );
  });

  it('rejects correctly signed non-payloads with INVALID_PAYLOAD', () => {
    const secret = generateSecret();
    for (const body of ['not json', '[]', '{"id":"evt_1","type":"message.read"}']) {
      const headers = sign({ secret, id: 'evt_1', body });
      expect(codeOf(() => verify({ secret, headers, body }))).toBe('INVALID_PAYLOAD');
    }
    const payload = fixture('message.sent');
    const body = JSON.stringify(payload);
    const headers = sign({ secret, id: 'evt_other', body });
    expect(codeOf(() => verify({ secret, headers, body }))).toBe('INVALID_PAYLOAD');
  });

  it('throws a TypeError for unusable secrets', () => {
    expect(() => sign({ secret: 'whsec_', id: 'evt_1', body: '{}' })).toThrow(TypeError);
    expect(() => sign({ secret: 'whsec_!!!', id: 'evt_1', body: '{}' })).toThrow(TypeError);
  });
});

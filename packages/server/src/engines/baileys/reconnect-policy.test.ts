import { describe, expect, it } from 'vitest';
import { backoffDelay, type CloseInput, DEFAULT_BACKOFF, decideOnClose } from './reconnect-policy.js';

const close = (code: number | undefined, extra: Partial<CloseInput> = {}) =>
  decideOnClose({ code, attempt: 0, replaced: 0, ...extra }, DEFAULT_BACKOFF, () => 0);

describe('reconnect policy', () => {
  it('our own end() (no code) never reconnects', () => {
    expect(close(undefined)).toEqual({ kind: 'ignore' });
  });

  it('515 after pairing reconnects at once, silently, and is not a failure', () => {
    expect(close(515)).toMatchObject({ kind: 'reconnect', delayMs: 0, counts: 'none' });
    expect(close(515)).not.toHaveProperty('status');
  });

  it('401 logs out and clears credentials', () => {
    expect(close(401)).toMatchObject({ kind: 'stop', status: 'logged_out', clearCredentials: true });
  });

  it.each([402, 403, 406, 411])('%i is terminal: failed, credentials kept', (code) => {
    expect(close(code)).toMatchObject({ kind: 'stop', status: 'failed', clearCredentials: false });
  });

  it('408 "QR refs attempts ended" stops with qr_expired; a plain 408 is transient', () => {
    expect(close(408, { message: 'QR refs attempts ended' })).toMatchObject({
      kind: 'stop',
      status: 'stopped',
      reason: 'qr_expired',
    });
    expect(close(408, { message: 'Connection was lost' })).toMatchObject({
      kind: 'reconnect',
      status: 'disconnected',
      counts: 'attempt',
    });
  });

  it('440 waits at least 30 s before one retry, and stops on a second 440', () => {
    const first = close(440);
    expect(first).toMatchObject({ kind: 'reconnect', status: 'disconnected', counts: 'replaced' });
    expect(first.kind === 'reconnect' && first.delayMs).toBeGreaterThanOrEqual(30_000);
    expect(close(440, { replaced: 1 })).toMatchObject({
      kind: 'stop',
      status: 'stopped',
      reason: 'connection_replaced',
      clearCredentials: false,
    });
  });

  it.each([428, 500, 503, 1006])('%i is transient: disconnected, then backoff', (code) => {
    expect(close(code)).toMatchObject({ kind: 'reconnect', status: 'disconnected', delayMs: 1000 });
  });

  it('backoff doubles from 1 s, is capped at 60 s, and jitter adds at most 25 %', () => {
    const noJitter = [0, 1, 2, 3, 4, 5, 6, 7, 20].map((a) => backoffDelay(a, DEFAULT_BACKOFF, () => 0));
    expect(noJitter).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0.999)).toBeLessThanOrEqual(1250);
    expect(backoffDelay(10, DEFAULT_BACKOFF, () => 0.999)).toBe(60_000);
    const fast = { baseMs: 10, maxMs: 100, replacedMs: 50 };
    expect(decideOnClose({ code: 428, attempt: 3, replaced: 0 }, fast, () => 0)).toMatchObject({
      delayMs: 80,
    });
  });
});

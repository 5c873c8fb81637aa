import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageFailedError, WaitForStatusTimeoutError } from '../core/errors.js';
import { type FakeServer, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

/** Serves a message whose status follows `statuses`, one step per poll, then stays on the last. */
async function serveStatuses(...statuses: string[]) {
  server = await startFakeServer((_req, res, i) => {
    const status = statuses[Math.min(i, statuses.length - 1)];
    const error =
      status === 'failed' ? { code: 'NOT_ON_WHATSAPP', message: 'The number is not on WhatsApp.' } : null;
    sendJson(res, 200, { id: 'msg_1', status, error });
  });
  return server;
}

describe('messages.send', () => {
  it('posts the message with an Idempotency-Key', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 202, { id: 'msg_1', status: 'queued' }));
    const message = await server
      .client()
      .messages.send('ses_1', { type: 'text', to: '+15551234567', text: 'Hi' });
    expect(message).toMatchObject({ id: 'msg_1', status: 'queued' });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/sessions/ses_1/messages',
      json: { type: 'text', to: '+15551234567', text: 'Hi' },
    });
    expect(server.requests[0]!.headers['idempotency-key']).toBeTruthy();
  });
});

describe('messages.waitForStatus', () => {
  it('resolves once the status is reached', async () => {
    await serveStatuses('queued', 'sent', 'delivered');
    const message = await server.client().messages.waitForStatus('msg_1', 'delivered', { intervalMs: 5 });
    expect(message.status).toBe('delivered');
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]!.path).toBe('/v1/messages/msg_1');
  });

  it('resolves on a later status than the awaited one', async () => {
    await serveStatuses('queued', 'read');
    const message = await server.client().messages.waitForStatus('msg_1', 'sent', { intervalMs: 5 });
    expect(message.status).toBe('read');
  });

  it('accepts several statuses, including failed', async () => {
    await serveStatuses('queued', 'failed');
    const message = await server
      .client()
      .messages.waitForStatus('msg_1', ['delivered', 'failed'], { intervalMs: 5 });
    expect(message.status).toBe('failed');
  });

  it('rejects with MessageFailedError when the message fails', async () => {
    await serveStatuses('queued', 'failed');
    const error = await server
      .client()
      .messages.waitForStatus('msg_1', 'delivered', { intervalMs: 5 })
      .catch((e: unknown) => e);
    expect(MessageFailedError.is(error)).toBe(true);
    const failed = error as MessageFailedError;
    expect(failed.lastMessage.error?.code).toBe('NOT_ON_WHATSAPP');
    expect(failed.message).toContain('NOT_ON_WHATSAPP');
  });

  it('rejects with WaitForStatusTimeoutError once timeoutMs has passed on the clock', async () => {
    // Only Date is faked, and each poll moves it 50 ms: the outcome depends on the clock the
    // deadline is measured on, not on how fast this machine answers.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      server = await startFakeServer((_req, res) => {
        vi.setSystemTime(Date.now() + 50);
        sendJson(res, 200, { id: 'msg_1', status: 'queued', error: null });
      });
      const error = await server
        .client()
        .messages.waitForStatus('msg_1', 'delivered', { timeoutMs: 150, intervalMs: 1 })
        .catch((e: unknown) => e);
      expect(WaitForStatusTimeoutError.is(error)).toBe(true);
      expect((error as WaitForStatusTimeoutError).lastMessage.status).toBe('queued');
      expect((error as WaitForStatusTimeoutError).expected).toEqual(['delivered']);
      // polled at +50 and +100 (time left), gave up on the answer that reached +150
      expect(server.requests).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

import { MessageFailedError, WaitForStatusTimeoutError } from '@wagw/sdk';
import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { authError, message } from '../../testing/fixtures.js';
import { run } from './text.js';

const flags = { session: 'ses_1', to: '+15551234567', text: 'Hello' };

function messagesApi(overrides: Record<string, unknown> = {}) {
  return {
    send: vi.fn(async (..._args: unknown[]) => message()),
    waitForStatus: vi.fn(async () =>
      message({ status: 'delivered', delivered_at: '2026-11-22T10:00:01.000Z' }),
    ),
    ...overrides,
  };
}

describe('wagw send text', () => {
  it('sends and prints the id and status', async () => {
    const messages = messagesApi();
    const ctx = fakeContext({ client: { messages } });
    expect(await exec(ctx, () => run(flags, ctx))).toBe(0);
    expect(messages.send).toHaveBeenCalledWith(
      'ses_1',
      { type: 'text', to: '+15551234567', text: 'Hello' },
      undefined,
    );
    expect(ctx.stdoutText()).toBe('msg_1 queued → +15551234567\n');
    expect(messages.waitForStatus).not.toHaveBeenCalled();
  });

  it('prints the message as JSON and passes --idempotency-key to the SDK', async () => {
    const messages = messagesApi();
    const ctx = fakeContext({ client: { messages } });
    await run({ ...flags, json: true, idempotencyKey: 'order-42' }, ctx);
    expect(messages.send.mock.calls[0]?.[2]).toEqual({ idempotencyKey: 'order-42' });
    expect(JSON.parse(ctx.stdoutText())).toEqual(message());
  });

  it('--wait waits through the SDK and prints the final status', async () => {
    const messages = messagesApi();
    const ctx = fakeContext({ client: { messages } });
    expect(await exec(ctx, () => run({ ...flags, wait: 'delivered', timeout: 5 }, ctx))).toBe(0);
    expect(messages.waitForStatus).toHaveBeenCalledWith('msg_1', 'delivered', { timeoutMs: 5000 });
    expect(ctx.stdoutText()).toBe('msg_1 delivered → +15551234567\n');
    expect(ctx.stderrText()).toContain('waiting up to 5s for "delivered"');
  });

  it('--wait --json prints only the final message on stdout', async () => {
    const ctx = fakeContext({ client: { messages: messagesApi() } });
    await run({ ...flags, wait: 'delivered', json: true }, ctx);
    expect(JSON.parse(ctx.stdoutText())).toMatchObject({ id: 'msg_1', status: 'delivered' });
    expect(ctx.stderrText()).toBe('');
  });

  it('--wait exits 1 with the error code when the message fails', async () => {
    const failed = message({
      status: 'failed',
      error: { code: 'RECIPIENT_NOT_ON_WHATSAPP', message: '+15551234567 is not on WhatsApp' },
    });
    const messages = messagesApi({
      waitForStatus: async () => {
        throw new MessageFailedError(failed);
      },
    });
    const ctx = fakeContext({ client: { messages } });
    expect(await exec(ctx, () => run({ ...flags, wait: 'read' }, ctx))).toBe(1);
    expect(ctx.stdoutText()).toBe('msg_1 failed → +15551234567\n');
    expect(ctx.stderrText()).toContain(
      'error: message msg_1 failed: RECIPIENT_NOT_ON_WHATSAPP: +15551234567 is not on WhatsApp',
    );
  });

  it('--wait exits 1 when the wait times out', async () => {
    const messages = messagesApi({
      waitForStatus: async () => {
        throw new WaitForStatusTimeoutError(message({ status: 'sent' }), ['read'], 30_000);
      },
    });
    const ctx = fakeContext({ client: { messages } });
    expect(await exec(ctx, () => run({ ...flags, wait: 'read' }, ctx))).toBe(1);
    expect(ctx.stderrText()).toContain(
      'error: timed out after 30s: message msg_1 is still "sent" (waiting for "read")',
    );
  });

  it('is a usage error (exit 1) to leave out a flag when stdin is not a TTY', async () => {
    const messages = messagesApi();
    const ctx = fakeContext({ client: { messages } });
    expect(await exec(ctx, () => run({ session: 'ses_1', text: 'Hi' }, ctx))).toBe(1);
    expect(ctx.stderrText()).toBe('error: missing required option --to\n');
    expect(messages.send).not.toHaveBeenCalled();
  });

  it('prompts for the missing flags on a TTY', async () => {
    const messages = messagesApi();
    const ctx = fakeContext({
      client: { messages },
      stdinIsTTY: true,
      answers: ['+15557654321', 'Typed text'],
    });
    await run({ session: 'ses_1' }, ctx);
    expect(ctx.prompted).toEqual(['To (phone number, e.g. +15551234567)', 'Text']);
    expect(messages.send).toHaveBeenCalledWith(
      'ses_1',
      { type: 'text', to: '+15557654321', text: 'Typed text' },
      undefined,
    );
  });

  it('exits 4 when the key is rejected', async () => {
    const messages = messagesApi({ send: () => Promise.reject(authError()) });
    const ctx = fakeContext({ client: { messages } });
    expect(await exec(ctx, () => run(flags, ctx))).toBe(4);
  });
});

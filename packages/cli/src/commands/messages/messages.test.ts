import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { message, page } from '../../testing/fixtures.js';
import { run as get } from './get.js';
import { run as list } from './list.js';

describe('wagw messages', () => {
  const rows = [
    message({ status: 'read', read_at: '2026-11-22T10:00:03.000Z' }),
    message({
      id: 'msg_2',
      direction: 'inbound',
      to: null,
      from: '+15559998888',
      text: 'Hi back',
      status: 'received',
    }),
  ];

  it('list prints a table of the session messages', async () => {
    const messages = { list: vi.fn(() => page(rows)) };
    const ctx = fakeContext({ client: { messages } });
    await list({ session: 'ses_1', limit: 5 }, ctx);
    expect(messages.list).toHaveBeenCalledWith('ses_1', { limit: 5 });
    const lines = ctx.stdoutText().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+DIR\s+STATUS\s+PEER\s+TEXT\s+CREATED$/);
    expect(lines[1]).toMatch(/^msg_1\s+out\s+read\s+\+15551234567\s+Hello/);
    expect(lines[2]).toMatch(/^msg_2\s+in\s+received\s+\+15559998888\s+Hi back/);
  });

  it('list --json prints the page', async () => {
    const ctx = fakeContext({ client: { messages: { list: () => page(rows) } } });
    await list({ session: 'ses_1', json: true }, ctx);
    expect(JSON.parse(ctx.stdoutText())).toEqual({ data: rows, has_more: false });
  });

  it('list needs --session when stdin is not a TTY', async () => {
    const ctx = fakeContext({ client: { messages: { list: () => page(rows) } } });
    expect(await exec(ctx, () => list({}, ctx))).toBe(1);
    expect(ctx.stderrText()).toBe('error: missing required option --session\n');
  });

  it('get prints the message with its timestamps, or JSON', async () => {
    const failed = message({
      status: 'failed',
      error: { code: 'RECIPIENT_NOT_ON_WHATSAPP', message: 'no' },
      failed_at: '2026-11-22T10:00:02.000Z',
    });
    const ctx = fakeContext({ client: { messages: { get: vi.fn(async () => failed) } } });
    await get({ id: 'msg_1' }, ctx);
    expect(ctx.stdoutText()).toMatch(/^error:\s+RECIPIENT_NOT_ON_WHATSAPP: no$/m);
    expect(ctx.stdoutText()).toMatch(/^failed:\s+2026-11-22T10:00:02.000Z$/m);
    const json = fakeContext({ client: { messages: { get: async () => failed } } });
    await get({ id: 'msg_1', json: true }, json);
    expect(JSON.parse(json.stdoutText())).toEqual(failed);
  });
});

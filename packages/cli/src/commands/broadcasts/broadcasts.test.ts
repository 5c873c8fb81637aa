import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APIConnectionError } from '@wagw/sdk';
import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { run as create } from './create.js';
import { act } from './manage.js';
import { run as watch } from './watch.js';

const broadcast = (over: Record<string, unknown> = {}, progress: Record<string, unknown> = {}) => ({
  id: 'brd_1',
  object: 'broadcast',
  session_id: 'ses_1',
  name: null,
  status: 'running',
  status_reason: null,
  message: { type: 'text', text: 'Hi {{name}}' },
  template_id: null,
  per_minute: 20,
  created_at: '2026-12-04T10:00:00.000Z',
  started_at: null,
  finished_at: null,
  ...over,
  progress: {
    total: 3,
    pending: 3,
    queued: 0,
    failed: 0,
    skipped: 0,
    messages: { queued: 0, sent: 0, delivered: 0, read: 0, failed: 0, cancelled: 0 },
    ...progress,
  },
});

describe('wagw broadcasts', () => {
  it('create reads the CSV, sends it with the text, and follows it to the end', async () => {
    const csv = join(tmpdir(), `wagw-brd-${process.pid}.csv`);
    writeFileSync(csv, 'phone,name\n+15551230001,Ada\n');
    const done = broadcast(
      { status: 'completed' },
      {
        pending: 0,
        queued: 3,
        messages: { queued: 0, sent: 3, delivered: 3, read: 1, failed: 0, cancelled: 0 },
      },
    );
    const broadcasts = {
      create: vi.fn(async () => broadcast({ status: 'queued' })),
      get: vi
        .fn()
        .mockResolvedValueOnce(
          broadcast(
            {},
            {
              pending: 2,
              queued: 1,
              messages: { queued: 1, sent: 0, delivered: 0, read: 0, failed: 0, cancelled: 0 },
            },
          ),
        )
        .mockRejectedValueOnce(new APIConnectionError('fetch failed'))
        .mockResolvedValue(done),
    };
    const ctx = fakeContext({ client: { broadcasts } });
    expect(
      await exec(ctx, () => create({ session: 'ses_1', csv, text: 'Hi {{name}}', perMinute: 60 }, ctx)),
    ).toBe(0);
    expect(broadcasts.create).toHaveBeenCalledWith({
      session_id: 'ses_1',
      message: { type: 'text', text: 'Hi {{name}}' },
      csv: 'phone,name\n+15551230001,Ada\n',
      per_minute: 60,
    });
    const err = ctx.stderrText();
    expect(err).toContain('running 1/3 · sent 0');
    expect(err).toContain('(the server is unreachable: fetch failed');
    expect(err).toContain('(the server is back)');
    expect(err).toContain('completed 3/3 · sent 3 · delivered 3 · read 1');
    expect(ctx.stdoutText()).toMatch(/status:\s+completed/);
  });

  it('refuses a missing message or recipients, or an unreadable CSV, before any request', async () => {
    const broadcasts = { create: vi.fn() };
    const ctx = fakeContext({ client: { broadcasts } });
    expect(await exec(ctx, () => create({ session: 'ses_1', text: 'x' }, ctx))).toBe(1);
    expect(await exec(ctx, () => create({ session: 'ses_1', to: ['+15551230001'] }, ctx))).toBe(1);
    expect(await exec(ctx, () => create({ session: 'ses_1', csv: '/nonexistent.csv', text: 'x' }, ctx))).toBe(
      1,
    );
    expect(ctx.stderrText()).toContain('--csv FILE or --to');
    expect(ctx.stderrText()).toContain('cannot read --csv /nonexistent.csv');
    expect(broadcasts.create).not.toHaveBeenCalled();
  });

  it('watch detaches on Ctrl-C and says how to reattach; pause prints the broadcast', async () => {
    const ctx = fakeContext({ client: { broadcasts: { get: vi.fn(async () => broadcast()) } } });
    const watching = exec(ctx, () => watch('brd_1', {}, ctx));
    await ctx.stderrShows('running 0/3');
    ctx.interrupt();
    expect(await watching).toBe(0);
    expect(ctx.stderrText()).toContain('Reattach: wagw broadcasts watch brd_1');
    const paused = fakeContext({
      client: { broadcasts: { pause: vi.fn(async () => broadcast({ status: 'paused' })) } },
    });
    expect(await exec(paused, () => act('pause', 'brd_1', {}, paused))).toBe(0);
    expect(paused.stdoutText()).toMatch(/status:\s+paused/);
  });
});

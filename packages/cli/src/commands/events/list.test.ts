import type { Event } from '@wagw/sdk';
import { describe, expect, it, vi } from 'vitest';
import { fakeContext } from '../../testing/fake-context.js';
import { event, page } from '../../testing/fixtures.js';
import { run } from './list.js';

describe('wagw events list', () => {
  it('prints one page as a table with the filters passed through', async () => {
    const events = { list: vi.fn(() => page([event(), event({ id: 'evt_2', type: 'message.read' })], true)) };
    const ctx = fakeContext({ client: { events } });
    await run({ after: 'evt_0', session: 'ses_1', type: 'message.read', limit: 2 }, ctx);
    expect(events.list).toHaveBeenCalledWith({
      after: 'evt_0',
      session_id: 'ses_1',
      type: 'message.read',
      limit: 2,
    });
    const lines = ctx.stdoutText().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+TYPE\s+SESSION\s+CREATED\s+DATA$/);
    expect(lines[1]).toMatch(/^evt_1\s+message.sent\s+ses_1\s+\S+\s+msg_1 status=sent$/);
    expect(ctx.stderrText()).toContain('wagw events list --after evt_2');
  });

  it('--json prints the page', async () => {
    const ctx = fakeContext({ client: { events: { list: () => page([event()]) } } });
    await run({ json: true }, ctx);
    expect(JSON.parse(ctx.stdoutText())).toEqual({ data: [event()], has_more: false });
  });

  it('--follow walks the log with the after cursor and polls until interrupted', async () => {
    const batches: Array<{ data: Event[]; has_more: boolean }> = [
      { data: [event({ id: 'evt_1' }), event({ id: 'evt_2' })], has_more: true },
      { data: [event({ id: 'evt_3' })], has_more: false },
      { data: [], has_more: false },
      { data: [event({ id: 'evt_4', type: 'message.read' })], has_more: false },
    ];
    const events = {
      list: vi.fn(async () => {
        const next = batches.shift();
        if (batches.length === 0) ctx.interrupt();
        return next ?? { data: [], has_more: false };
      }),
    };
    const ctx = fakeContext({ client: { events } });
    await run({ follow: true, json: true, type: 'message.read', after: 'evt_0' }, ctx);
    expect(events.list.mock.calls.map((c) => (c as unknown[])[0])).toEqual([
      { type: 'message.read', after: 'evt_0' },
      { type: 'message.read', after: 'evt_2' },
      { type: 'message.read', after: 'evt_3' },
      { type: 'message.read', after: 'evt_3' },
    ]);
    const ids = ctx
      .stdoutText()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).id);
    expect(ids).toEqual(['evt_1', 'evt_2', 'evt_3', 'evt_4']);
  });

  it('--follow stops quietly when Ctrl-C aborts a request in flight', async () => {
    const events = {
      list: vi.fn(async () => {
        ctx.interrupt();
        throw new Error('aborted');
      }),
    };
    const ctx = fakeContext({ client: { events } });
    await expect(run({ follow: true }, ctx)).resolves.toBeUndefined();
    expect(ctx.stderrText()).toContain('Following events');
  });
});

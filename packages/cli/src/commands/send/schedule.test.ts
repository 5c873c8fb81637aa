import { ConflictError } from '@wagw/sdk';
import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { message } from '../../testing/fixtures.js';
import { run as cancel } from '../messages/cancel.js';
import { run } from './text.js';

const flags = { session: 'ses_1', to: '+15551234567', text: 'Later' };
const NOW = Date.parse('2026-12-04T10:00:00.000Z');

describe('wagw send … --at and wagw messages cancel', () => {
  it('--at takes a duration from now or an ISO time, sends it as send_at and says when it goes', async () => {
    const scheduled = message({ status: 'scheduled', send_at: '2026-12-04T12:00:00.000Z' });
    const send = vi.fn(async (..._args: unknown[]) => scheduled);
    const ctx = fakeContext({ client: { messages: { send } }, now: () => NOW });
    expect(await exec(ctx, () => run({ ...flags, at: '2h' }, ctx))).toBe(0);
    expect(await exec(ctx, () => run({ ...flags, at: '2026-12-24T09:00:00+01:00' }, ctx))).toBe(0);
    expect(send.mock.calls.map((c) => (c[1] as { send_at?: string }).send_at)).toEqual([
      '2026-12-04T12:00:00.000Z',
      '2026-12-24T08:00:00.000Z',
    ]);
    expect(ctx.stdoutText().split('\n')[0]).toBe(
      'msg_1 scheduled for 2026-12-04T12:00:00.000Z → +15551234567 (cancel: wagw messages cancel msg_1)',
    );
  });

  it('a bad --at is a usage error and nothing is sent', async () => {
    const send = vi.fn();
    const ctx = fakeContext({ client: { messages: { send } }, now: () => NOW });
    expect(await exec(ctx, () => run({ ...flags, at: 'tomorrow' }, ctx))).toBe(1);
    expect(ctx.stderrText()).toContain('--at expects an ISO 8601 time');
    expect(send).not.toHaveBeenCalled();
  });

  it('cancel prints the cancelled message; one already sent exits 1 with the server code', async () => {
    const cancelled = message({ status: 'cancelled', cancelled_at: '2026-12-04T10:00:01.000Z' });
    const ok = fakeContext({ client: { messages: { cancel: vi.fn(async () => cancelled) } } });
    expect(await exec(ok, () => cancel('msg_1', {}, ok))).toBe(0);
    expect(ok.stdoutText()).toMatch(/status:\s+cancelled/);
    expect(ok.stdoutText()).toMatch(/cancelled:\s+2026-12-04T10:00:01.000Z/);

    const text = 'Only a scheduled or queued message can be cancelled; this one is sent.';
    const late = new ConflictError(
      409,
      { code: 'MESSAGE_NOT_CANCELLABLE', message: text, request_id: 'req_1' },
      text,
      new Headers(),
    );
    const refused = fakeContext({
      client: { messages: { cancel: vi.fn(async () => Promise.reject(late)) } },
    });
    expect(await exec(refused, () => cancel('msg_1', {}, refused))).toBe(1);
    expect(refused.stderrText()).toContain('MESSAGE_NOT_CANCELLABLE');
  });
});

describe('wagw send template', () => {
  it('sends type template with the --var values; a malformed --var is a usage error', async () => {
    const { run: sendTemplate } = await import('./template.js');
    const send = vi.fn(async (..._args: unknown[]) => message({ text: 'Welcome, Ada!' }));
    const ctx = fakeContext({ client: { messages: { send } } });
    const ok = await exec(ctx, () =>
      sendTemplate(
        { session: 'ses_1', to: '+15551234567', template: 'tpl_1', var: ['name=Ada', 'note=a=b'] },
        ctx,
      ),
    );
    expect(ok).toBe(0);
    expect(send.mock.calls[0]?.[1]).toEqual({
      type: 'template',
      to: '+15551234567',
      template_id: 'tpl_1',
      variables: { name: 'Ada', note: 'a=b' },
    });
    const bad = fakeContext({ client: { messages: { send } } });
    expect(
      await exec(bad, () =>
        sendTemplate({ session: 'ses_1', to: '+1', template: 'tpl_1', var: ['oops'] }, bad),
      ),
    ).toBe(1);
    expect(bad.stderrText()).toContain('--var expects name=value');
  });
});

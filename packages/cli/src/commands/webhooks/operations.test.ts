import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { delivery, page, webhookEndpoint } from '../../testing/fixtures.js';
import { run as attempts } from './attempts.js';
import { run as recover } from './recover.js';
import { run as resend } from './resend.js';
import { run as rotateSecret } from './rotate-secret.js';
import { run as sendTest } from './send-test.js';
import { changes, run as update } from './update.js';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');

describe('wagw webhooks update', () => {
  it('sends only the changes asked for; "default" resets to the server\'s settings', async () => {
    const webhooks = {
      update: vi.fn(async () =>
        webhookEndpoint({ retry_schedule: [0, 10, 60], disable_after_seconds: 3600, failing_since: null }),
      ),
    };
    const ctx = fakeContext({ client: { webhooks } });
    await update({ id: 'whk_1', retrySchedule: '0,10,60', disableAfter: '3600', enable: true }, ctx);
    expect(webhooks.update).toHaveBeenCalledWith('whk_1', {
      enabled: true,
      retry_schedule: [0, 10, 60],
      disable_after_seconds: 3600,
    });
    expect(ctx.stdoutText()).toMatch(/^retry schedule:\s+0, 10, 60$/m);
    expect(ctx.stdoutText()).toMatch(/^disable after:\s+3600s$/m);
    expect(changes({ id: 'x', retrySchedule: 'default', disableAfter: 'default', description: '' })).toEqual({
      retry_schedule: null,
      disable_after_seconds: null,
      description: null,
    });
  });

  it('shows why the server disabled an endpoint', async () => {
    const disabled = webhookEndpoint({
      enabled: false,
      disabled_reason: 'gone',
      disabled_at: '2026-12-01T00:00:00.000Z',
    });
    const ctx = fakeContext({ client: { webhooks: { update: async () => disabled } } });
    await update({ id: 'whk_1', description: 'x' }, ctx);
    expect(ctx.stdoutText()).toMatch(/^state:\s+disabled \(gone at 2026-12-01T00:00:00.000Z\)$/m);
  });

  it('refuses no change, contradictions and bad values with a usage error before any request', async () => {
    const webhooks = { update: vi.fn() };
    for (const [options, message] of [
      [{}, 'nothing to change'],
      [{ enable: true, disable: true }, 'contradict'],
      [{ retrySchedule: '0,-5' }, '--retry-schedule expects'],
      [{ retrySchedule: '' }, '--retry-schedule expects'],
      [{ disableAfter: '30' }, '--disable-after expects'],
      [{ url: 'ftp://x' }, '--url: must start with http'],
    ] as const) {
      const ctx = fakeContext({ client: { webhooks } });
      await expect(update({ id: 'whk_1', ...options }, ctx)).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringContaining(message),
      });
      expect(await exec(ctx, () => update({ id: 'whk_1', ...options }, ctx))).toBe(1);
    }
    expect(webhooks.update).not.toHaveBeenCalled();
  });
});

describe('wagw webhooks rotate-secret, test, resend, recover, attempts', () => {
  it('rotate-secret prints the new secret once and when the old one stops', async () => {
    const webhooks = {
      rotateSecret: vi.fn(async () => ({
        ...webhookEndpoint({ previous_secret_expires_at: '2026-12-04T12:00:00.000Z' }),
        secret: 'whsec_new',
      })),
    };
    const ctx = fakeContext({ client: { webhooks } });
    await rotateSecret({ id: 'whk_1', overlap: 3600 }, ctx);
    expect(webhooks.rotateSecret).toHaveBeenCalledWith('whk_1', { overlap_seconds: 3600 });
    expect(ctx.stdoutText()).toMatch(/^secret:\s+whsec_new$/m);
    expect(ctx.stdoutText()).toMatch(/^previous secret signs until:\s+2026-12-04T12:00:00.000Z$/m);
    expect(ctx.stderrText()).toContain('shown only now');
    await rotateSecret({ id: 'whk_1' }, ctx);
    expect(webhooks.rotateSecret).toHaveBeenLastCalledWith('whk_1', {});
  });

  it('test succeeds on 2xx and exits 1 with WEBHOOK_TEST_FAILED otherwise', async () => {
    const answers = [
      { event_id: 'evt_t1', ok: true, status_code: 204, duration_ms: 5, response_body: '', error: null },
      {
        event_id: 'evt_t2',
        ok: false,
        status_code: 500,
        duration_ms: 7,
        response_body: 'boom',
        error: 'HTTP 500',
      },
    ];
    const webhooks = { test: vi.fn(async () => answers.shift()) };
    const ok = fakeContext({ client: { webhooks } });
    expect(await exec(ok, () => sendTest({ id: 'whk_1' }, ok))).toBe(0);
    expect(ok.stdoutText()).toMatch(/^answer:\s+HTTP 204$/m);
    const failed = fakeContext({ client: { webhooks } });
    await expect(sendTest({ id: 'whk_1', json: true }, failed)).rejects.toMatchObject({
      code: 'WEBHOOK_TEST_FAILED',
      message: expect.stringContaining('HTTP 500'),
    });
    expect(JSON.parse(failed.stdoutText())).toMatchObject({ ok: false, status_code: 500 });
  });

  it('resend queues the event again', async () => {
    const webhooks = {
      resend: vi.fn(async () => delivery({ id: 'whd_9', status: 'pending', attempts: [] })),
    };
    const ctx = fakeContext({ client: { webhooks } });
    await resend({ id: 'whk_1', eventId: 'evt_1' }, ctx);
    expect(webhooks.resend).toHaveBeenCalledWith('whk_1', { event_id: 'evt_1' });
    expect(ctx.stdoutText()).toMatch(/^id:\s+whd_9$/m);
    expect(ctx.stdoutText()).toMatch(/^status:\s+pending$/m);
  });

  it('recover reads --since/--until as ISO times or durations ago; --since is required', async () => {
    const webhooks = { recover: vi.fn(async () => ({ queued: 4 })) };
    const ctx = fakeContext({ client: { webhooks }, now: () => NOW });
    await recover({ id: 'whk_1', since: '2h', until: '30m' }, ctx);
    expect(webhooks.recover).toHaveBeenCalledWith('whk_1', {
      since: '2026-12-03T10:00:00.000Z',
      until: '2026-12-03T11:30:00.000Z',
    });
    expect(ctx.stdoutText()).toContain('Queued 4 failed events again');
    for (const options of [{}, { since: 'last tuesday' }]) {
      const bad = fakeContext({ client: { webhooks }, now: () => NOW });
      expect(await exec(bad, () => recover({ id: 'whk_1', ...options }, bad))).toBe(1);
      expect(bad.stderrText()).toMatch(/--since/);
    }
    expect(webhooks.recover).toHaveBeenCalledTimes(1);
  });

  it('attempts lists one row per attempt, filtered by event; --json flattens them', async () => {
    const failedThenOk = delivery({
      id: 'whd_2',
      event_id: 'evt_2',
      attempt_count: 2,
      attempts: [
        { ...delivery().attempts[0]!, attempt: 1, status_code: 503, error: 'HTTP 503' },
        { ...delivery().attempts[0]!, attempt: 2, status_code: 200 },
      ],
    });
    const webhooks = { deliveries: vi.fn(() => page([failedThenOk, delivery()])) };
    const ctx = fakeContext({ client: { webhooks } });
    await attempts({ id: 'whk_1', event: 'evt_2' }, ctx);
    const lines = ctx.stdoutText().trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^whd_2\s+message.sent evt_2\s+1\s+\S+\s+503\s+12\s+HTTP 503$/);
    expect(lines[2]).toMatch(/^whd_2\s+message.sent evt_2\s+2\s+\S+\s+200\s+12\s+-$/);
    const json = fakeContext({ client: { webhooks } });
    await attempts({ id: 'whk_1', json: true, limit: 5 }, json);
    expect(webhooks.deliveries).toHaveBeenLastCalledWith('whk_1', { limit: 5 });
    const data = JSON.parse(json.stdoutText()).data;
    expect(data.map((a: { delivery_id: string; attempt: number }) => [a.delivery_id, a.attempt])).toEqual([
      ['whd_2', 1],
      ['whd_2', 2],
      ['whd_1', 1],
    ]);
  });
});

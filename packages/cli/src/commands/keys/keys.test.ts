import type { ApiKey } from '@wagw/sdk';
import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { page } from '../../testing/fixtures.js';
import { run as create } from './create.js';
import { durationSeconds } from './duration.js';
import { run as list } from './list.js';
import { run as revoke } from './revoke.js';
import { run as rotate } from './rotate.js';

const T = '2026-11-22T10:00:00.000Z';
function apiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: 'key_1',
    tenant_id: 'ten_1',
    name: 'ci',
    mode: 'live',
    prefix: 'wagw_live_ab',
    created_at: T,
    last_used_at: null,
    revoked_at: null,
    scopes: null,
    expires_at: null,
    last_used_ip: null,
    allowed_ips: null,
    user_id: null,
    grace_until: null,
    replaced_by: null,
    ...overrides,
  };
}

describe('wagw keys', () => {
  it('create sends scopes, expiry, allowed IPs and test mode, and prints the key once', async () => {
    const created = { ...apiKey({ scopes: ['messages:send'], mode: 'test' }), key: 'wagw_test_secret' };
    const apiKeys = { create: vi.fn(async () => created) };
    const ctx = fakeContext({ client: { apiKeys } });
    await create(
      {
        name: 'ci',
        scope: ['messages:send'],
        expiresIn: durationSeconds('30d'),
        allowIp: ['10.0.0.0/8'],
        test: true,
      },
      ctx,
    );
    expect(apiKeys.create).toHaveBeenCalledWith({
      name: 'ci',
      mode: 'test',
      scopes: ['messages:send'],
      expires_in_days: 30,
      allowed_ips: ['10.0.0.0/8'],
    });
    expect(ctx.stdoutText()).toMatch(/^key:\s+wagw_test_secret$/m);
    expect(ctx.stderrText()).toContain('shown only now');

    const json = fakeContext({ client: { apiKeys } });
    await create({ expiresIn: durationSeconds('12h'), json: true }, json);
    const call = apiKeys.create.mock.calls[1] as unknown as [{ expires_at: string }];
    expect(Date.parse(call[0].expires_at) - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    expect(JSON.parse(json.stdoutText())).toEqual(created);
  });

  it('durations are 30d, 24h, 15m or 0s; anything else is refused', () => {
    expect([
      durationSeconds('30d'),
      durationSeconds('24h'),
      durationSeconds('15m'),
      durationSeconds('0s'),
    ]).toEqual([2_592_000, 86_400, 900, 0]);
    expect(() => durationSeconds('soon')).toThrow(/duration/);
  });

  it('list shows scopes and state; rotate sends the grace and says until when the old key works; revoke', async () => {
    const apiKeys = {
      list: vi.fn(() =>
        page([apiKey({ scopes: ['sessions:read'] }), apiKey({ id: 'key_2', revoked_at: T })]),
      ),
      rotate: vi.fn(async () => ({
        ...apiKey({ id: 'key_3' }),
        key: 'wagw_live_new',
        replaces: apiKey({ replaced_by: 'key_3', grace_until: T }),
      })),
      revoke: vi.fn(async () => apiKey({ revoked_at: T })),
    };
    const ctx = fakeContext({ client: { apiKeys } });
    await list({}, ctx);
    expect(ctx.stdoutText()).toMatch(/key_1 .*sessions:read.*active/);
    expect(ctx.stdoutText()).toMatch(/key_2 .*revoked/);

    const r = fakeContext({ client: { apiKeys } });
    await rotate({ id: 'key_1', grace: durationSeconds('1h') }, r);
    expect(apiKeys.rotate).toHaveBeenCalledWith('key_1', { grace_period_seconds: 3600 });
    expect(r.stdoutText()).toMatch(/^key:\s+wagw_live_new$/m);
    expect(r.stderrText()).toContain(`works until ${T}`);

    const d = fakeContext({ client: { apiKeys } });
    await revoke({ id: 'key_1' }, d);
    expect(d.stdoutText()).toBe('Revoked key_1 (ci).\n');
  });

  it('a refused call exits 1 with the server message', async () => {
    const apiKeys = {
      list: vi.fn(() => {
        throw new Error('boom');
      }),
    };
    const ctx = fakeContext({ client: { apiKeys } });
    expect(await exec(ctx, () => list({}, ctx))).toBe(1);
  });
});

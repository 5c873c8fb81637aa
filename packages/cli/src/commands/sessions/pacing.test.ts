import { describe, expect, it, vi } from 'vitest';
import { fakeContext } from '../../testing/fake-context.js';
import { run } from './pacing.js';

const pacing = (over: object = {}) => ({
  object: 'session_pacing' as const,
  session_id: 'ses_1',
  per_minute: 20,
  new_chats_per_hour: null,
  custom: false,
  hold: null,
  ...over,
});

describe('wagw sessions pacing', () => {
  it('shows the pace without flags', async () => {
    const sessions = { pacing: vi.fn(async () => pacing()), setPacing: vi.fn() };
    const ctx = fakeContext({ client: { sessions } });
    await run({ id: 'ses_1' }, ctx);
    expect(sessions.pacing).toHaveBeenCalledWith('ses_1');
    expect(sessions.setPacing).not.toHaveBeenCalled();
    expect(ctx.stdoutText()).toMatch(/^per minute:\s+20$/m);
    expect(ctx.stdoutText()).toMatch(/^new chats per hour:\s+unlimited$/m);
    expect(ctx.stdoutText()).toMatch(/^hold:\s+none$/m);
  });

  it('sets numbers and off, resets, and shows a hold', async () => {
    const held = pacing({
      custom: true,
      hold: { reason: 'reach_out_timelock', until: '2026-12-04T12:00:00.000Z' },
    });
    const sessions = { setPacing: vi.fn(async () => held) };
    const ctx = fakeContext({ client: { sessions } });
    await run({ id: 'ses_1', perMinute: '10', newChatsPerHour: 'off' }, ctx);
    expect(sessions.setPacing).toHaveBeenCalledWith('ses_1', { per_minute: 10, new_chats_per_hour: null });
    expect(ctx.stdoutText()).toContain("new chats held until 2026-12-04T12:00:00.000Z (WhatsApp's 463)");
    await run({ id: 'ses_1', reset: true, json: true }, fakeContext({ client: { sessions } }));
    expect(sessions.setPacing).toHaveBeenLastCalledWith('ses_1', { reset: true });
  });

  it('refuses bad values before calling the server', async () => {
    const sessions = { setPacing: vi.fn() };
    for (const options of [{ perMinute: '0' }, { perMinute: 'fast' }, { reset: true, perMinute: '5' }]) {
      await expect(
        run({ id: 'ses_1', ...options }, fakeContext({ client: { sessions } })),
      ).rejects.toMatchObject({
        code: 'USAGE',
      });
    }
    expect(sessions.setPacing).not.toHaveBeenCalled();
  });
});

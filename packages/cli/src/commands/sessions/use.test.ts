import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { event, page } from '../../testing/fixtures.js';
import { run as chatsList } from '../chats/list.js';
import { run as eventsList } from '../events/list.js';
import { run as messagesList } from '../messages/list.js';
import { run } from './use.js';

describe('wagw sessions use', () => {
  it('saves the session (checked on the server) as the profile default; later commands use it', async () => {
    const sessions = { get: vi.fn(async (id: string) => ({ id, name: 'support' })) };
    const events = { list: vi.fn(() => page([event()])) };
    const ctx = fakeContext({ client: { sessions, events } });
    await run('ses_9', {}, ctx);
    expect(sessions.get).toHaveBeenCalledWith('ses_9');
    expect(ctx.saved).toEqual({ url: 'http://wagw.test', apiKey: 'wagw_test_key', defaultSession: 'ses_9' });
    expect(ctx.stdoutText()).toContain('Default session: ses_9 (support).');

    await eventsList({}, ctx);
    expect(events.list).toHaveBeenLastCalledWith({ session_id: 'ses_9' });
    await eventsList({ session: 'ses_other' }, ctx);
    expect(events.list).toHaveBeenLastCalledWith({ session_id: 'ses_other' });

    await run(undefined, { clear: true, json: true }, ctx);
    expect(ctx.saved).toEqual({ url: 'http://wagw.test', apiKey: 'wagw_test_key' });
    await eventsList({}, ctx);
    expect(events.list).toHaveBeenLastCalledWith({});
  });

  it('messages, chats and export use the default session too, and ask for one when there is none', async () => {
    const messages = { list: vi.fn(() => page([])) };
    const chats = { list: vi.fn(() => page([])) };
    const ctx = fakeContext({
      client: { messages, chats },
      profile: { url: 'http://wagw.test', apiKey: 'wagw_test_key', defaultSession: 'ses_9' },
    });
    await messagesList({}, ctx);
    expect(messages.list).toHaveBeenLastCalledWith('ses_9', undefined);
    await chatsList({}, ctx);
    expect(chats.list).toHaveBeenLastCalledWith('ses_9', undefined);
    const none = fakeContext({ client: { messages } });
    expect(await exec(none, () => messagesList({}, none))).toBe(1);
    expect(none.stderrText()).toContain('--session');
  });

  it('refuses neither or both of an id and --clear, and an unknown session saves nothing', async () => {
    const sessions = { get: vi.fn(async () => Promise.reject(new Error('SESSION_NOT_FOUND'))) };
    const ctx = fakeContext({ client: { sessions } });
    expect(await exec(ctx, () => run(undefined, {}, ctx))).toBe(1);
    expect(await exec(ctx, () => run('ses_1', { clear: true }, ctx))).toBe(1);
    expect(await exec(ctx, () => run('ses_nope', {}, ctx))).not.toBe(0);
    expect(ctx.saved).toBeUndefined();
  });
});

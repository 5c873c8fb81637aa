import { describe, expect, it, vi } from 'vitest';
import { fakeContext } from '../../testing/fake-context.js';
import { list, one } from './channels.js';

const channel = (over: object = {}) => ({
  object: 'channel' as const,
  id: '120363012345678901@newsletter',
  session_id: 'ses_1',
  name: 'News',
  description: null,
  invite_url: 'https://whatsapp.com/channel/AbC',
  subscribers: 12,
  role: 'owner' as const,
  verified: false,
  created_at: null,
  updated_at: '2026-12-04T00:00:00.000Z',
  ...over,
});

describe('wagw channels', () => {
  it('lists, creates, follows and unfollows through the SDK', async () => {
    const channels = {
      list: vi.fn(async () => ({ data: [channel()], has_more: false })),
      create: vi.fn(async () => channel()),
      follow: vi.fn(async () => channel({ role: 'follower' })),
      unfollow: vi.fn(async () => channel({ role: 'guest' })),
      get: vi.fn(async () => channel()),
    };
    const ctx = fakeContext({ client: { channels } });
    await list({ session: 'ses_1' }, ctx);
    expect(ctx.stdoutText()).toMatch(/^120363012345678901@newsletter\s+News\s+owner\s+12$/m);
    const created = fakeContext({ client: { channels } });
    await one('create', 'News', { session: 'ses_1', description: 'what shipped' }, created);
    expect(channels.create).toHaveBeenCalledWith('ses_1', { name: 'News', description: 'what shipped' });
    expect(created.stderrText()).toContain('wagw send text --to 120363012345678901@newsletter');
    const followed = fakeContext({ client: { channels } });
    await one('follow', 'AbC', { session: 'ses_1' }, followed);
    expect(channels.follow).toHaveBeenCalledWith('ses_1', 'AbC');
    expect(followed.stdoutText()).toMatch(/^role:\s+follower$/m);
    await one('unfollow', 'AbC', { session: 'ses_1', json: true }, fakeContext({ client: { channels } }));
    expect(channels.unfollow).toHaveBeenCalledWith('ses_1', 'AbC');
  });
});

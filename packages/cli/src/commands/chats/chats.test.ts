import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { message, page } from '../../testing/fixtures.js';
import { run as list } from './list.js';
import { run as presence } from './presence.js';
import { run as read } from './read.js';

describe('wagw chats', () => {
  const chat = {
    id: '+15559998888',
    object: 'chat' as const,
    session_id: 'ses_1',
    last_message: message({
      direction: 'inbound',
      from: '+15559998888',
      to: null,
      text: 'Hi back',
      status: 'received',
    }),
    unread_count: 3,
  };

  it('list prints each chat with its unread count and last message', async () => {
    const chats = { list: vi.fn(() => page([chat])) };
    const ctx = fakeContext({ client: { chats } });
    await list({ session: 'ses_1', limit: 5 }, ctx);
    expect(chats.list).toHaveBeenCalledWith('ses_1', { limit: 5 });
    const lines = ctx.stdoutText().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CHAT\s+UNREAD\s+LAST\s+TEXT\s+AT$/);
    expect(lines[1]).toMatch(/^\+15559998888\s+3\s+in\s+Hi back/);
  });

  it('read marks the chat read; both need --session off a terminal', async () => {
    const chats = { markRead: vi.fn(async () => ({ ...chat, unread_count: 0 })) };
    const ctx = fakeContext({ client: { chats } });
    await read('+15559998888', { session: 'ses_1', json: true }, ctx);
    expect(chats.markRead).toHaveBeenCalledWith('ses_1', '+15559998888');
    expect(JSON.parse(ctx.stdoutText()).unread_count).toBe(0);
    const missing = fakeContext({ client: { chats } });
    expect(await exec(missing, () => read('+1', {}, missing))).toBe(1);
    expect(missing.stderrText()).toBe('error: missing required option --session\n');
  });

  it('presence sets the state in the chat and says what the contact sees', async () => {
    const chats = {
      setPresence: vi.fn(async (_s: string, id: string, state: string) => ({ chat_id: id, state })),
    };
    const ctx = fakeContext({ client: { chats } });
    await presence('+15559998888', 'typing', { session: 'ses_1' }, ctx);
    expect(chats.setPresence).toHaveBeenCalledWith('ses_1', '+15559998888', 'typing');
    expect(ctx.stdoutText()).toBe('+15559998888 now sees typing…\n');
    const json = fakeContext({ client: { chats } });
    await presence('+15559998888', 'paused', { session: 'ses_1', json: true }, json);
    expect(JSON.parse(json.stdoutText())).toEqual({ chat_id: '+15559998888', state: 'paused' });
  });

  it('list says what the last message is, of any type', async () => {
    const image = { ...chat, last_message: message({ type: 'image', text: 'our shop', forwarded: true }) };
    const ctx = fakeContext({ client: { chats: { list: () => page([image]) } } });
    await list({ session: 'ses_1' }, ctx);
    expect(ctx.stdoutText()).toMatch(/^\+15559998888\s+3\s+out\s+↪ \[image\] our shop/m);
  });
});

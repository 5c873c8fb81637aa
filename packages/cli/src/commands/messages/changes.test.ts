import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { message } from '../../testing/fixtures.js';
import { run as remove } from './delete.js';
import { run as edit } from './edit.js';
import { run as forward } from './forward.js';

/** A fake `messages` API: `get` answers `original`, `send` echoes the body as a queued message. */
function messagesApi(original = message({ id: 'msg_1', session_id: 'ses_7', text: 'See you at 7' })) {
  return {
    get: vi.fn(async () => original),
    send: vi.fn(async (_session: string, body: { type: string; to: string }) =>
      message({ id: 'msg_2', type: body.type as 'edit', to: body.to, text: null }),
    ),
  };
}

describe('wagw messages edit, delete and forward', () => {
  it('edit sends the new text to the chat of the message, from its session', async () => {
    const messages = messagesApi();
    const ctx = fakeContext({ client: { messages } });
    expect(await exec(ctx, () => edit('msg_1', { text: 'See you at 8' }, ctx))).toBe(0);
    expect(messages.get).toHaveBeenCalledWith('msg_1');
    expect(messages.send).toHaveBeenCalledWith(
      'ses_7',
      { type: 'edit', message_id: 'msg_1', text: 'See you at 8', to: '+15551234567' },
      undefined,
    );
    expect(ctx.stdoutText()).toBe('msg_2 queued → +15551234567\n');
  });

  it('edit asks for the text on a terminal, and needs --text off one', async () => {
    const messages = messagesApi();
    const tty = fakeContext({ client: { messages }, stdinIsTTY: true, answers: ['At 9'] });
    await edit('msg_1', { json: true }, tty);
    expect(tty.prompted).toEqual(['New text']);
    expect(JSON.parse(tty.stdoutText())).toMatchObject({ id: 'msg_2', type: 'edit' });
    const script = fakeContext({ client: { messages: messagesApi() } });
    expect(await exec(script, () => edit('msg_1', {}, script))).toBe(1);
    expect(script.stderrText()).toBe('error: missing required option --text\n');
  });

  it('edit and delete refuse a received message before sending anything', async () => {
    const messages = messagesApi(
      message({ direction: 'inbound', to: null, from: '+15559998888', status: 'received' }),
    );
    const ctx = fakeContext({ client: { messages } });
    expect(await exec(ctx, () => edit('msg_1', { text: 'x' }, ctx))).toBe(1);
    expect(ctx.stderrText()).toContain(
      'msg_1 was received from +15559998888: only messages this session sent can be edited.',
    );
    expect(await exec(ctx, () => remove('msg_1', { yes: true }, ctx))).toBe(1);
    expect(messages.send).not.toHaveBeenCalled();
  });

  it('delete asks first on a terminal: no cancels (exit 2), yes revokes', async () => {
    const no = messagesApi();
    const cancelled = fakeContext({ client: { messages: no }, stdinIsTTY: true, answers: ['n'] });
    expect(await exec(cancelled, () => remove('msg_1', {}, cancelled))).toBe(2);
    expect(cancelled.prompted).toEqual([
      'Delete msg_1 ("See you at 7") for everyone in the chat with +15551234567? (y/N)',
    ]);
    expect(cancelled.stderrText()).toContain('not deleted: msg_1');
    expect(no.send).not.toHaveBeenCalled();

    const yes = messagesApi();
    const confirmed = fakeContext({ client: { messages: yes }, stdinIsTTY: true, answers: ['y'] });
    expect(await exec(confirmed, () => remove('msg_1', {}, confirmed))).toBe(0);
    expect(yes.send).toHaveBeenCalledWith(
      'ses_7',
      { type: 'revoke', message_id: 'msg_1', to: '+15551234567' },
      undefined,
    );
  });

  it('delete does not ask with --yes, with --json, or off a terminal', async () => {
    for (const [options, tty] of [
      [{ yes: true }, true],
      [{ json: true }, true],
      [{ idempotencyKey: 'del-1' }, false],
    ] as const) {
      const messages = messagesApi();
      const ctx = fakeContext({ client: { messages }, stdinIsTTY: tty });
      expect(await exec(ctx, () => remove('msg_1', options, ctx)), ctx.stderrText()).toBe(0);
      expect(ctx.prompted).toEqual([]);
      expect(messages.send).toHaveBeenCalledOnce();
    }
  });

  it('forward sends any message, received ones too, to --to from its session', async () => {
    const messages = messagesApi(
      message({ session_id: 'ses_7', direction: 'inbound', to: null, from: '+15559998888' }),
    );
    const ctx = fakeContext({ client: { messages } });
    expect(await exec(ctx, () => forward('msg_1', { to: '+15557654321' }, ctx))).toBe(0);
    expect(messages.send).toHaveBeenCalledWith(
      'ses_7',
      { type: 'forward', message_id: 'msg_1', to: '+15557654321' },
      undefined,
    );
    const missing = fakeContext({ client: { messages } });
    expect(await exec(missing, () => forward('msg_1', {}, missing))).toBe(1);
    expect(missing.stderrText()).toBe('error: missing required option --to\n');
  });
});

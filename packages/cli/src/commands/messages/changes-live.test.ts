import type { Message } from '@wagw/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main.js';
import { type LiveServer, startLiveServer } from '../../testing/live-server.js';

/** Sandbox numbers ending 0000 read everything. */
const READER = '+14155550000';
const OTHER = '+14155550001';

/** `wagw messages edit|delete|forward` against a real server on the sandbox engine. */
describe('wagw messages edit, delete and forward (live)', () => {
  let live: LiveServer;
  let session: string;
  beforeAll(async () => {
    live = await startLiveServer();
    const client = live.client();
    session = (await client.sessions.create({ auto_pair: true })).id;
    for (let i = 0; i < 200 && (await client.sessions.get(session)).status !== 'connected'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(() => live.close());

  const cli = async (args: string[]) => {
    const ctx = live.context();
    const code = await main([...args, '--json'], ctx);
    return { code, ctx, message: code === 0 ? (JSON.parse(ctx.stdoutText()) as Message) : undefined };
  };
  const sent = async (text: string) => {
    const client = live.client();
    const message = await client.messages.send(session, { type: 'text', to: READER, text });
    return client.messages.waitForStatus(message.id, 'read', { intervalMs: 20, timeoutMs: 10_000 });
  };
  const eventually = async (id: string, done: (m: Message) => boolean) => {
    for (let i = 0; i < 200; i++) {
      const m = await live.client().messages.get(id);
      if (done(m)) return m;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`${id} never got there`);
  };

  it('edit changes the text of a sent message, given only its id', async () => {
    const original = await sent('Meet at the wharf');
    const { code, ctx, message } = await cli([
      'messages',
      'edit',
      original.id,
      '--text',
      'Meet at the harbour',
      '--wait',
      'sent',
    ]);
    expect(code, ctx.stderrText()).toBe(0);
    expect(message).toMatchObject({
      type: 'edit',
      to: READER,
      session_id: session,
      edit: { target: { message_id: original.id }, text: 'Meet at the harbour' },
    });
    const after = await eventually(original.id, (m) => m.edited_at !== null);
    expect(after.text).toBe('Meet at the harbour');
    const shown = live.context();
    expect(await main(['messages', 'get', original.id], shown)).toBe(0);
    expect(shown.stdoutText()).toMatch(/^content:\s+Meet at the harbour \(edited\)$/m);
  });

  it('delete revokes it for everyone without a prompt off a terminal; a second delete is refused', async () => {
    const original = await sent('oops, wrong chat');
    const { code, ctx, message } = await cli(['messages', 'delete', original.id, '--wait', 'sent']);
    expect(code, ctx.stderrText()).toBe(0);
    expect(message).toMatchObject({ type: 'revoke', revoke: { target: { message_id: original.id } } });
    expect((await eventually(original.id, (m) => m.revoked_at !== null)).text).toBe('oops, wrong chat');
    const again = await cli(['messages', 'delete', original.id]);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.ctx.stderrText()).error).toMatchObject({ code: 'MESSAGE_NOT_REVOCABLE' });
  });

  it('forward copies a message to another chat, marked forwarded', async () => {
    const original = await sent('the address is 1 Main St');
    const { code, ctx, message } = await cli(['messages', 'forward', original.id, '--to', OTHER]);
    expect(code, ctx.stderrText()).toBe(0);
    expect(message).toMatchObject({
      type: 'text',
      to: OTHER,
      text: 'the address is 1 Main St',
      forwarded: true,
    });
  });

  it('the SDK sends a file message as one multipart request the server accepts', async () => {
    const client = live.client();
    const message = await client.messages.sendFile(session, {
      type: 'document',
      to: READER,
      file: new TextEncoder().encode('name,total\nAda,42\n'),
      fileName: 'totals.csv',
      contentType: 'text/csv',
      caption: 'the totals',
    });
    expect(message).toMatchObject({
      type: 'document',
      text: 'the totals',
      media: { content_type: 'text/csv', file_name: 'totals.csv' },
    });
  });
});

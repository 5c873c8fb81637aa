import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@wagw/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main.js';
import { type LiveServer, startLiveServer } from '../../testing/live-server.js';

/** The smallest valid PNG: a 1×1 pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const TO = '+14155550000';

/** `wagw send <type>` against a real server on the sandbox engine, through the program's parser. */
describe('wagw send <type>', () => {
  let live: LiveServer;
  let session: string;
  let png: string;
  beforeAll(async () => {
    live = await startLiveServer();
    const client = live.client();
    session = (await client.sessions.create({ auto_pair: true })).id;
    for (let i = 0; i < 200 && (await client.sessions.get(session)).status !== 'connected'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    png = join(tmpdir(), `wagw-cli-${process.pid}.png`);
    await writeFile(png, PNG);
  });
  afterAll(() => live.close());

  const send = async (args: string[]) => {
    const ctx = live.context();
    const code = await main(['send', ...args, '--session', session, '--to', TO, '--json'], ctx);
    return { code, ctx, message: code === 0 ? (JSON.parse(ctx.stdoutText()) as Message) : undefined };
  };

  it('sends an image from a path, uploading it first, and waits until it is read', async () => {
    const { code, message, ctx } = await send([
      'image',
      '--file',
      png,
      '--caption',
      'a pixel',
      '--wait',
      'read',
    ]);
    expect(code, ctx.stderrText()).toBe(0);
    expect(message).toMatchObject({
      type: 'image',
      status: 'read',
      text: 'a pixel',
      media: { content_type: 'image/png', size: PNG.length },
    });
  });

  it('sends a location, a contact, a poll, a reply and a reaction', async () => {
    const location = await send(['location', '--lat', '51.5007', '--lng', '-0.1246', '--name', 'Big Ben']);
    expect(location.message?.location).toEqual({
      latitude: 51.5007,
      longitude: -0.1246,
      name: 'Big Ben',
      address: null,
    });
    const contact = await send(['contact', '--name', 'Ada', '--phone', '+442079460958']);
    expect(contact.message?.contacts?.[0]).toMatchObject({ name: 'Ada', phone: '+442079460958' });
    const poll = await send([
      'poll',
      '--question',
      'Lunch?',
      '--option',
      'Pizza',
      '--option',
      'Sushi',
      '--multiple',
      '2',
    ]);
    expect(poll.message?.poll).toEqual({
      question: 'Lunch?',
      options: ['Pizza', 'Sushi'],
      selectable_count: 2,
    });
    const reply = await send([
      'text',
      '--text',
      'pick one',
      '--reply-to',
      poll.message!.id,
      '--wait',
      'sent',
    ]);
    expect(reply.message?.reply_to).toMatchObject({ message_id: poll.message!.id, text: 'Lunch?' });
    const reaction = await send([
      'reaction',
      '--message',
      poll.message!.id,
      '--emoji',
      '👍',
      '--wait',
      'sent',
    ]);
    expect(reaction.message?.reaction).toMatchObject({
      target: { message_id: poll.message!.id },
      emoji: '👍',
    });
    const removed = await send(['reaction', '--message', poll.message!.id, '--remove']);
    expect(removed.message?.reaction?.emoji).toBe('');
  });

  it("refuses bad flags before sending, and passes on the server's coded refusals", async () => {
    const onePoll = await send(['poll', '--question', 'Q', '--option', 'only']);
    expect(onePoll.code).toBe(1);
    expect(JSON.parse(onePoll.ctx.stderrText()).error).toMatchObject({ code: 'USAGE' });
    const badLat = await send(['location', '--lat', '95', '--lng', '0']);
    expect(badLat.code).toBe(1);
    const missing = await send(['image', '--file', '/nonexistent/photo.jpg']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.ctx.stderrText()).error.message).toContain('no such file');
    const sticker = await send(['sticker', '--file', png]);
    expect(sticker.code).toBe(1);
    expect(JSON.parse(sticker.ctx.stderrText()).error.code).toBe('MEDIA_TYPE_NOT_ALLOWED');
    const list = await live.client().messages.list(session, { limit: 100 });
    expect(list.data.some((m) => m.type === 'sticker')).toBe(false);
  });
});

import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../storage/database.js';
import { testDialects } from '../../testing/dialects.js';
import { multipartForm } from '../../testing/multipart-form.js';
import { PNG } from '../../testing/sample-files.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

/** Reads (sandbox numbers ending 0000), and one that answers each message in kind (0004). */
const READER = '+14155550000';
const ECHO = '+14155550004';
const OTHER = '+14155550123';

type Wire = Record<string, unknown> & { id: string; type: string };

describe.each(testDialects())('edits, deletions, forwards and votes on %s', (dialect) => {
  let s: TestServer;
  let session: string;
  let png: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    session = await s.connectedSession();
    const { payload, contentType } = multipartForm([{ field: 'file', filename: 'pixel.png', bytes: PNG }]);
    const res = await s.app.inject({
      method: 'POST',
      url: '/v1/media',
      payload,
      headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': contentType },
    });
    png = res.json().id;
  });
  afterAll(() => s.close());

  const send = (body: object) => s.request('POST', `/v1/sessions/${session}/messages`, { body });
  const get = async (id: string): Promise<Wire> => (await s.request('GET', `/v1/messages/${id}`)).body;
  const sentOk = async (body: object): Promise<Wire> => {
    const res = await send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await eventually(async () => ((await get(res.body.id)).status === 'read' ? true : undefined));
    return get(res.body.id);
  };
  const inbound = (pred: (m: Wire) => boolean) =>
    eventually(async () => {
      const list = await s.request('GET', `/v1/sessions/${session}/messages?direction=inbound&limit=100`);
      return (list.body.data as Wire[]).find(pred);
    });
  const eventOf = (type: string, id: string) =>
    eventually(async () => {
      const res = await s.request('GET', `/v1/events?type=${type}&session_id=${session}&limit=100`);
      return (res.body.data as Array<{ data: Wire }>).find((e) => e.data.id === id);
    });
  const count = async () =>
    (await s.request('GET', `/v1/sessions/${session}/messages?limit=100`)).body.data.length;

  it('an edit goes out as a message and changes the text of the one it edits, found by its new words', async () => {
    const original = await sentOk({ type: 'text', to: READER, text: 'Meet at the wharf' });
    const edit = await sentOk({
      type: 'edit',
      to: READER,
      message_id: original.id,
      text: 'Meet at the harbour',
    });
    expect(edit).toMatchObject({
      type: 'edit',
      text: 'Meet at the harbour',
      edit: { target: { message_id: original.id, from_me: true }, text: 'Meet at the harbour' },
    });
    const after = await get(original.id);
    expect(after).toMatchObject({
      text: 'Meet at the harbour',
      edited_at: expect.any(String),
      revoked_at: null,
    });
    const found = await s.request('GET', `/v1/sessions/${session}/messages?q=harbour`);
    expect(found.body.data.map((m: Wire) => m.id)).toEqual([original.id]);
    expect((await s.request('GET', `/v1/sessions/${session}/messages?q=wharf`)).body.data).toEqual([]);
  });

  it("an image's caption can be edited", async () => {
    const image = await sentOk({ type: 'image', to: READER, media: { id: png }, caption: 'before' });
    await sentOk({ type: 'edit', to: READER, message_id: image.id, text: 'after' });
    expect(await get(image.id)).toMatchObject({
      text: 'after',
      media: { id: png },
      edited_at: expect.any(String),
    });
  });

  it('a deletion for everyone marks the message revoked and keeps it in the history', async () => {
    const original = await sentOk({ type: 'text', to: READER, text: 'oops, wrong chat' });
    const revoke = await sentOk({ type: 'revoke', to: READER, message_id: original.id });
    expect(revoke).toMatchObject({
      type: 'revoke',
      text: null,
      revoke: { target: { message_id: original.id } },
    });
    expect(await get(original.id)).toMatchObject({
      text: 'oops, wrong chat',
      revoked_at: expect.any(String),
    });
    // Deleted once: neither a second deletion nor an edit of it is accepted.
    const again = await send({ type: 'revoke', to: READER, message_id: original.id });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'MESSAGE_NOT_REVOCABLE', param: 'message_id' });
    const edit = await send({ type: 'edit', to: READER, message_id: original.id, text: 'x' });
    expect(edit.body.error).toMatchObject({ code: 'MESSAGE_NOT_EDITABLE' });
  });

  it('a forward copies a message of any chat to another, marked forwarded, with its file', async () => {
    const image = await sentOk({ type: 'image', to: READER, media: { id: png }, caption: 'the pixel' });
    const forward = await sentOk({ type: 'forward', to: OTHER, message_id: image.id });
    expect(forward).toMatchObject({
      type: 'image',
      to: OTHER,
      text: 'the pixel',
      media: { id: png },
      forwarded: true,
      reply_to: null,
    });
    expect(forward.id).not.toBe(image.id);
  });

  it('the echoing contact edits and deletes its answer when we do ours, as message.edited and message.revoked events that change its message', async () => {
    const original = await sentOk({ type: 'text', to: ECHO, text: 'first draft' });
    const answer = await inbound(
      (m) => (m.reply_to as { message_id?: string } | null)?.message_id === original.id,
    );
    expect(answer).toMatchObject({ type: 'text', text: 'first draft' });

    await sentOk({ type: 'edit', to: ECHO, message_id: original.id, text: 'second draft' });
    const theirEdit = await inbound((m) => m.type === 'edit');
    expect(theirEdit).toMatchObject({
      from: ECHO,
      edit: { target: { message_id: answer.id, from_me: false }, text: 'second draft' },
    });
    expect((await eventOf('message.edited', theirEdit.id))?.data).toMatchObject({ type: 'edit' });
    expect(await get(answer.id)).toMatchObject({ text: 'second draft', edited_at: expect.any(String) });

    await sentOk({ type: 'revoke', to: ECHO, message_id: original.id });
    const theirRevoke = await inbound((m) => m.type === 'revoke');
    expect(theirRevoke).toMatchObject({ from: ECHO, revoke: { target: { message_id: answer.id } } });
    expect((await eventOf('message.revoked', theirRevoke.id))?.data.type).toBe('revoke');
    expect((await get(answer.id)).revoked_at).toEqual(expect.any(String));
  });

  it('the echoing contact votes on a poll, as a poll.vote event naming the options', async () => {
    const poll = await sentOk({
      type: 'poll',
      to: ECHO,
      question: 'Which days?',
      options: ['Mon', 'Tue', 'Wed'],
      selectable_count: 2,
    });
    const vote = await inbound((m) => m.type === 'poll_vote');
    expect(vote).toMatchObject({
      from: ECHO,
      text: null,
      poll_vote: {
        target: { message_id: poll.id, from_me: true, text: 'Which days?' },
        options: ['Mon', 'Tue'],
      },
    });
    expect((await eventOf('poll.vote', vote.id))?.data).toMatchObject({ type: 'poll_vote' });
  });

  it('refuses what cannot be edited, deleted or forwarded with coded errors, queueing nothing', async () => {
    const theirs = await inbound(() => true);
    const location = await sentOk({ type: 'location', to: READER, latitude: 1, longitude: 2 });
    const elsewhere = await sentOk({ type: 'text', to: OTHER, text: 'elsewhere' });
    const reaction = await sentOk({ type: 'reaction', to: READER, message_id: location.id, emoji: '👍' });
    const before = await count();
    const cases: Array<[object, number, string, string]> = [
      [
        { type: 'edit', to: READER, message_id: location.id, text: 'x' },
        409,
        'MESSAGE_NOT_EDITABLE',
        'message_id',
      ],
      [
        { type: 'edit', to: ECHO, message_id: theirs.id, text: 'x' },
        409,
        'MESSAGE_NOT_EDITABLE',
        'message_id',
      ],
      [
        { type: 'edit', to: READER, message_id: elsewhere.id, text: 'x' },
        400,
        'VALIDATION_FAILED',
        'message_id',
      ],
      [
        { type: 'edit', to: READER, message_id: 'msg_nope', text: 'x' },
        404,
        'MESSAGE_NOT_FOUND',
        'message_id',
      ],
      [{ type: 'edit', to: READER, message_id: location.id }, 400, 'VALIDATION_FAILED', 'text'],
      [{ type: 'revoke', to: ECHO, message_id: theirs.id }, 409, 'MESSAGE_NOT_REVOCABLE', 'message_id'],
      [
        { type: 'revoke', to: READER, message_id: location.id, reply_to: location.id },
        400,
        'VALIDATION_FAILED',
        'reply_to',
      ],
      [{ type: 'forward', to: OTHER, message_id: reaction.id }, 400, 'VALIDATION_FAILED', 'message_id'],
      [{ type: 'forward', to: OTHER, message_id: 'msg_nope' }, 404, 'MESSAGE_NOT_FOUND', 'message_id'],
    ];
    for (const [body, status, code, param] of cases) {
      const res = await send(body);
      expect([res.status, res.body.error?.code, res.body.error?.param], JSON.stringify(body)).toEqual([
        status,
        code,
        param,
      ]);
    }
    expect(await count()).toBe(before);
  });

  it('an edit after the 15-minute window is refused', async () => {
    const original = await sentOk({ type: 'text', to: READER, text: 'long ago' });
    // Make the message 16 minutes old.
    const { db } = s.gateway.storage as unknown as { db: Kysely<Database> };
    await db
      .updateTable('messages')
      .set({ sent_at: Date.now() - 16 * 60_000, created_at: Date.now() - 16 * 60_000 })
      .where('id', '=', original.id)
      .execute();
    const res = await send({ type: 'edit', to: READER, message_id: original.id, text: 'too late' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('MESSAGE_NOT_EDITABLE');
    // A deletion is allowed for 60 hours.
    expect((await send({ type: 'revoke', to: READER, message_id: original.id })).status).toBe(202);
  });
});

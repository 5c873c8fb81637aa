import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { multipartForm } from '../../testing/multipart-form.js';
import { PDF, PNG } from '../../testing/sample-files.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

/** Reads (sandbox numbers ending 0000), and one that echoes each message back as a reply (0004). */
const READER = '+14155550000';
const ECHO = '+14155550004';

describe.each(testDialects())('message types on %s', (dialect) => {
  let s: TestServer;
  let session: string;
  let png: string;
  let pdf: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    session = (await s.request('POST', '/v1/sessions', { body: { auto_pair: true } })).body.id;
    await eventually(async () =>
      (await s.request('GET', `/v1/sessions/${session}`)).body.status === 'connected' ? true : undefined,
    );
    const upload = async (filename: string, bytes: Buffer) => {
      const { payload, contentType } = multipartForm([{ field: 'file', filename, bytes }]);
      const res = await s.app.inject({
        method: 'POST',
        url: '/v1/media',
        payload,
        headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': contentType },
      });
      expect(res.statusCode).toBe(201);
      return res.json().id as string;
    };
    png = await upload('pixel.png', PNG);
    pdf = await upload('terms.pdf', PDF);
  });
  afterAll(() => s.close());

  const send = (body: object) => s.request('POST', `/v1/sessions/${session}/messages`, { body });
  const readOf = (id: string) =>
    eventually(async () => {
      const m = (await s.request('GET', `/v1/messages/${id}`)).body;
      return m.status === 'read' ? m : undefined;
    });
  const count = async () =>
    (await s.request('GET', `/v1/sessions/${session}/messages?limit=100`)).body.data.length;

  it('sends each type through the outbox to read, with its fields on the message', async () => {
    const first = await send({
      type: 'text',
      to: READER,
      text: 'Hi @14155550100',
      mentions: ['+14155550100'],
    });
    expect(first.status).toBe(202);
    const cases: Array<[object, object]> = [
      [
        { type: 'image', media: { id: png }, caption: 'a pixel' },
        { text: 'a pixel', media: { id: png, content_type: 'image/png', size: PNG.length, voice: false } },
      ],
      [
        { type: 'document', media: { id: pdf }, file_name: 'contract.pdf' },
        { media: { id: pdf, content_type: 'application/pdf', file_name: 'contract.pdf' } },
      ],
      [
        { type: 'location', latitude: 51.5007, longitude: -0.1246, name: 'Big Ben' },
        { text: null, location: { latitude: 51.5007, longitude: -0.1246, name: 'Big Ben', address: null } },
      ],
      [
        { type: 'contact', contacts: [{ name: 'Ada Lovelace', phone: '+44 20 7946 0958' }] },
        {
          contacts: [
            {
              name: 'Ada Lovelace',
              phone: '+442079460958',
              vcard: expect.stringContaining('TEL;type=CELL;waid=442079460958:+442079460958'),
            },
          ],
        },
      ],
      [
        { type: 'poll', question: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'], selectable_count: 2 },
        { poll: { question: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'], selectable_count: 2 } },
      ],
      [
        { type: 'text', text: 'answering you', reply_to: first.body.id },
        { reply_to: { message_id: first.body.id, from_me: true, text: 'Hi @14155550100' } },
      ],
      [
        { type: 'reaction', message_id: first.body.id, emoji: '👍' },
        { text: null, reaction: { target: { message_id: first.body.id, from_me: true }, emoji: '👍' } },
      ],
    ];
    await readOf(first.body.id);
    expect(first.body).toMatchObject({ type: 'text', mentions: ['+14155550100'], media: null, poll: null });
    for (const [body, fields] of cases) {
      const accepted = await send({ to: READER, ...body });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
      const read = await readOf(accepted.body.id);
      expect(read).toMatchObject({ type: (body as { type: string }).type, ...fields });
    }
  });

  it('an echoing contact answers each type in kind, as a reply to what it got', async () => {
    for (const body of [
      { type: 'location', latitude: 1.5, longitude: 2.5 },
      { type: 'contact', contacts: [{ name: 'Ada', phone: '+442079460958' }] },
      { type: 'image', media: { id: png }, caption: 'look' },
    ]) {
      const sent = await send({ to: ECHO, ...body });
      const echo = await eventually(async () => {
        const list = await s.request('GET', `/v1/sessions/${session}/messages?direction=inbound&limit=100`);
        return list.body.data.find(
          (m: { reply_to: { message_id: string } | null }) => m.reply_to?.message_id === sent.body.id,
        );
      });
      expect(echo).toMatchObject({ direction: 'inbound', type: body.type, from: ECHO, status: 'received' });
      const event = await eventually(async () => {
        const events = await s.request(
          'GET',
          `/v1/events?type=message.received&session_id=${session}&limit=100`,
        );
        return events.body.data.find((e: { data: { id: string } }) => e.data.id === echo.id);
      });
      expect(event.data.type).toBe(body.type);
    }
  });

  it('finds a poll by a word of its question', async () => {
    await send({ to: READER, type: 'poll', question: 'Which quokka is cutest?', options: ['A', 'B'] });
    const found = await eventually(async () => {
      const res = await s.request('GET', `/v1/sessions/${session}/messages?q=quokka`);
      return res.body.data.length > 0 ? res.body.data : undefined;
    });
    expect(found[0].poll.question).toBe('Which quokka is cutest?');
  });

  it('refuses bad content with a coded error before anything is queued', async () => {
    const other = await s.request('POST', `/v1/sessions/${session}/messages`, {
      body: { type: 'text', to: '+14155550123', text: 'elsewhere' },
    });
    const before = await count();
    for (const [body, status, code, param] of [
      [{ type: 'image', media: { id: pdf } }, 415, 'MEDIA_TYPE_NOT_ALLOWED', 'media.id'],
      [{ type: 'sticker', media: { id: png } }, 415, 'MEDIA_TYPE_NOT_ALLOWED', 'media.id'],
      [{ type: 'image', media: { id: 'med_nope' } }, 404, 'MEDIA_NOT_FOUND', 'media.id'],
      [{ type: 'audio', media: { id: png }, caption: 'x' }, 400, 'VALIDATION_FAILED', 'caption'],
      [{ type: 'poll', question: 'Q', options: ['A', 'A'] }, 400, 'VALIDATION_FAILED', 'options'],
      [
        { type: 'poll', question: 'Q', options: ['A', 'B'], selectable_count: 3 },
        400,
        'VALIDATION_FAILED',
        'selectable_count',
      ],
      [{ type: 'poll', question: 'Q', options: ['A'] }, 400, 'VALIDATION_FAILED', 'options'],
      [{ type: 'reaction', message_id: other.body.id, emoji: '👍' }, 400, 'VALIDATION_FAILED', 'message_id'],
      [{ type: 'reaction', message_id: 'msg_nope', emoji: '👍' }, 404, 'MESSAGE_NOT_FOUND', 'message_id'],
      [{ type: 'text', text: 'x', reply_to: 'msg_nope' }, 404, 'MESSAGE_NOT_FOUND', 'reply_to'],
      [{ type: 'location', latitude: 91, longitude: 0 }, 400, 'VALIDATION_FAILED', 'latitude'],
      [{ type: 'location', latitude: 1 }, 400, 'VALIDATION_FAILED', 'longitude'],
      [
        { type: 'contact', contacts: [{ name: 'X', phone: 'not a phone' }] },
        400,
        'INVALID_PHONE_NUMBER',
        'contacts.0.phone',
      ],
      [{ type: 'hologram', text: 'x' }, 400, 'VALIDATION_FAILED', 'type'],
    ] as const) {
      const res = await send({ to: READER, ...body });
      expect([res.status, res.body.error?.code, res.body.error?.param], JSON.stringify(body)).toEqual([
        status,
        code,
        param,
      ]);
    }
    expect(await count()).toBe(before);
  });
});

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../storage/database.js';
import { testDialects } from '../../testing/dialects.js';
import { multipartForm } from '../../testing/multipart-form.js';
import { PDF, PNG } from '../../testing/sample-files.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

const READER = '+14155550000';
type Part = Parameters<typeof multipartForm>[0][number];
const field = (name: string, value: string): Part => ({
  field: name,
  bytes: Buffer.from(value),
  type: 'text/plain',
});

describe.each(testDialects())('a file message sent as a multipart form on %s', (dialect) => {
  let s: TestServer;
  let session: string;
  let db: Kysely<Database>;
  beforeAll(async () => {
    s = await startTestServer(dialect, { media: { maxBytes: 64 * 1024 } });
    ({ db } = s.gateway.storage as unknown as { db: Kysely<Database> });
    session = await s.connectedSession();
  });
  afterAll(() => s.close());

  const post = (parts: Part[], headers: Record<string, string> = {}) => {
    const { payload, contentType } = multipartForm(parts);
    return s.app.inject({
      method: 'POST',
      url: `/v1/sessions/${session}/messages`,
      payload,
      headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': contentType, ...headers },
    });
  };
  const counts = async () => {
    const [media, messages] = await Promise.all([
      db.selectFrom('media').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      db.selectFrom('messages').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { media: Number(media.n), messages: Number(messages.n) };
  };

  it('stores the file and sends it by its id, with the form fields', async () => {
    const res = await post([
      field('type', 'document'),
      field('to', READER),
      field('caption', 'the contract'),
      field('file_name', 'contract.pdf'),
      { field: 'file', filename: 'upload.bin', bytes: PDF },
    ]);
    expect(res.statusCode, res.body).toBe(202);
    const message = res.json();
    expect(message).toMatchObject({
      type: 'document',
      to: READER,
      text: 'the contract',
      media: { content_type: 'application/pdf', size: PDF.length, file_name: 'contract.pdf' },
    });
    const bytes = await s.app.inject({
      url: `/v1/media/${message.media.id}`,
      headers: { authorization: `Bearer ${s.adminKey}` },
    });
    expect(bytes.rawPayload.equals(PDF)).toBe(true);
    await eventually(async () =>
      (await s.request('GET', `/v1/messages/${message.id}`)).body.status === 'read' ? true : undefined,
    );
    const voice = await post([
      field('type', 'audio'),
      field('to', READER),
      field('voice', 'false'),
      { field: 'file', filename: 'p.png', bytes: PNG },
    ]);
    // A PNG is no audio: refused, and its upload removed.
    expect(voice.json().error).toMatchObject({ code: 'MEDIA_TYPE_NOT_ALLOWED', param: 'media.id' });
  });

  it('a refused message keeps no file and queues nothing: wrong type, too large, bad fields, refused content', async () => {
    const before = await counts();
    const cases: Array<[Part[], number, string, string | undefined]> = [
      [
        [field('type', 'image'), field('to', READER), { field: 'file', filename: 'a.pdf', bytes: PDF }],
        415,
        'MEDIA_TYPE_NOT_ALLOWED',
        'media.id',
      ],
      [
        [
          field('type', 'image'),
          field('to', READER),
          { field: 'file', filename: 'big.png', bytes: Buffer.concat([PNG, randomBytes(64 * 1024)]) },
        ],
        413,
        'MEDIA_TOO_LARGE',
        undefined,
      ],
      [
        [field('type', 'text'), field('to', READER), { field: 'file', filename: 'a.png', bytes: PNG }],
        400,
        'VALIDATION_FAILED',
        'type',
      ],
      [
        [field('to', READER), { field: 'file', filename: 'a.png', bytes: PNG }],
        400,
        'VALIDATION_FAILED',
        'type',
      ],
      [
        [
          field('type', 'image'),
          field('to', 'not a phone'),
          { field: 'file', filename: 'a.png', bytes: PNG },
        ],
        400,
        'INVALID_PHONE_NUMBER',
        'to',
      ],
      [
        [
          field('type', 'image'),
          field('to', READER),
          field('colour', 'red'),
          { field: 'file', filename: 'a.png', bytes: PNG },
        ],
        400,
        'VALIDATION_FAILED',
        'colour',
      ],
      [[field('type', 'image'), field('to', READER)], 400, 'VALIDATION_FAILED', 'file'],
      [
        [
          field('type', 'image'),
          field('to', READER),
          field('reply_to', 'msg_nope'),
          { field: 'file', filename: 'a.png', bytes: PNG },
        ],
        404,
        'MESSAGE_NOT_FOUND',
        'reply_to',
      ],
      [
        [
          field('type', 'audio'),
          field('to', READER),
          field('voice', 'yes'),
          { field: 'file', filename: 'a.png', bytes: PNG },
        ],
        400,
        'VALIDATION_FAILED',
        'voice',
      ],
    ];
    for (const [parts, status, code, param] of cases) {
      const res = await post(parts);
      expect([res.statusCode, res.json().error?.code], res.body).toEqual([status, code]);
      if (param) expect(res.json().error.param).toBe(param);
    }
    await eventually(async () => {
      const after = await counts();
      return after.media === before.media && after.messages === before.messages ? true : undefined;
    });
  });

  it('a retry with the same Idempotency-Key and file answers the first message and keeps one file', async () => {
    const before = await counts();
    const parts = [
      field('type', 'image'),
      field('to', READER),
      { field: 'file', filename: 'a.png', bytes: PNG },
    ];
    const first = await post(parts, { 'idempotency-key': 'form-1' });
    const again = await post(parts, { 'idempotency-key': 'form-1' });
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const other = await post(
      [
        field('type', 'image'),
        field('to', READER),
        { field: 'file', filename: 'a.pdf', bytes: Buffer.concat([PNG, Buffer.from('x')]) },
      ],
      {
        'idempotency-key': 'form-1',
      },
    );
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // A field after the file counts too.
    const late = await post([...parts, field('caption', 'late')], { 'idempotency-key': 'form-1' });
    expect(late.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await eventually(async () => {
      const after = await counts();
      return after.media === before.media + 1 && after.messages === before.messages + 1 ? true : undefined;
    });
  });
});

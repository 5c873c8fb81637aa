import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthOf } from '../../domain/billing-period.js';
import { testDialects } from '../../testing/dialects.js';
import { multipartForm as form } from '../../testing/multipart-form.js';
import { PNG } from '../../testing/sample-files.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

/** An ELF executable's first bytes. */
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);

describe.each(testDialects())('media on %s', (dialect) => {
  let s: TestServer;
  let acme: { id: string; key: string };

  beforeAll(async () => {
    s = await startTestServer(dialect, { media: { maxBytes: 64 * 1024 } });
    acme = await s.tenant('acme');
  });
  afterAll(() => s.close());

  const upload = (key: string, parts: Parameters<typeof form>[0]) => {
    const { payload, contentType } = form(parts);
    return s.app.inject({
      method: 'POST',
      url: '/v1/media',
      payload,
      headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
    });
  };
  const count = async () => (await s.gateway.storage.media.get(acme.id, 'none')) ?? null;

  it('uploads a file typed from its bytes and downloads the same bytes; media bytes count in usage', async () => {
    // The client calls it a JPEG; the bytes are a PNG.
    const res = await upload(acme.key, [
      { field: 'file', filename: 'dot.jpg', type: 'image/jpeg', bytes: PNG },
    ]);
    expect(res.statusCode).toBe(201);
    const media = res.json();
    expect(media).toMatchObject({
      object: 'media',
      content_type: 'image/png',
      size: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
      filename: 'dot.jpg',
      source: 'upload',
    });
    expect(media.id).toMatch(/^med_/);
    const got = await s.app.inject({
      method: 'GET',
      url: `/v1/media/${media.id}`,
      headers: { authorization: `Bearer ${acme.key}` },
    });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers.etag).toBe(`"${media.sha256}"`);
    expect(got.rawPayload.equals(PNG)).toBe(true);
    const info = await s.request('GET', `/v1/media/${media.id}/info`, { key: acme.key });
    expect(info.body).toEqual(media);
    const month = monthOf(Date.now()).start;
    expect(await s.gateway.storage.usage.get(acme.id, month, 'media_bytes')).toBe(PNG.length);
  });

  it('UTF-8 text is taken as text/plain or text/csv; other bytes with a text type are refused', async () => {
    const csv = await upload(acme.key, [
      {
        field: 'file',
        filename: 'list.csv',
        type: 'text/csv',
        bytes: Buffer.from('phone,name\n+14155550000,Ada\n'),
      },
    ]);
    expect(csv.statusCode).toBe(201);
    expect(csv.json().content_type).toBe('text/csv');
    const binary = await upload(acme.key, [
      { field: 'file', filename: 'x.txt', type: 'text/plain', bytes: Buffer.from([0, 1, 2, 255, 254, 0]) },
    ]);
    expect(binary.statusCode).toBe(415);
    expect(binary.json().error.code).toBe('MEDIA_TYPE_NOT_ALLOWED');
  });

  it('refuses an executable (MEDIA_TYPE_NOT_ALLOWED), a file over the limit (MEDIA_TOO_LARGE) and an empty or missing file; nothing is kept', async () => {
    const before = await s.request('GET', '/v1/usage', { key: acme.key });
    const exe = await upload(acme.key, [
      { field: 'file', filename: 'photo.png', type: 'image/png', bytes: ELF },
    ]);
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error).toMatchObject({
      code: 'MEDIA_TYPE_NOT_ALLOWED',
      details: { detected_type: 'application/x-elf' },
    });
    const big = Buffer.concat([PNG, randomBytes(64 * 1024)]);
    const tooBig = await upload(acme.key, [
      { field: 'file', filename: 'big.png', type: 'image/png', bytes: big },
    ]);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error).toMatchObject({ code: 'MEDIA_TOO_LARGE', details: { limit: 64 * 1024 } });
    const empty = await upload(acme.key, [{ field: 'file', filename: 'e.png', bytes: Buffer.alloc(0) }]);
    expect(empty.json().error.code).toBe('VALIDATION_FAILED');
    const wrongField = await upload(acme.key, [{ field: 'photo', filename: 'p.png', bytes: PNG }]);
    expect(wrongField.json().error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'file' });
    const json = await s.request('POST', '/v1/media', { key: acme.key, body: {} });
    expect(json.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'file' });
    const after = await s.request('GET', '/v1/usage', { key: acme.key });
    expect(after.body.media_bytes).toBe(before.body.media_bytes);
    expect(await count()).toBeNull();
  });

  it("another tenant's media is not found; delete removes the file and its bytes", async () => {
    const globex = await s.tenant('globex');
    const media = (await upload(acme.key, [{ field: 'file', filename: 'a.png', bytes: PNG }])).json();
    for (const url of [`/v1/media/${media.id}`, `/v1/media/${media.id}/info`]) {
      const res = await s.request('GET', url, { key: globex.key });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('MEDIA_NOT_FOUND');
    }
    expect((await s.request('DELETE', `/v1/media/${media.id}`, { key: globex.key })).status).toBe(404);
    expect((await s.request('DELETE', `/v1/media/${media.id}`, { key: acme.key })).status).toBe(200);
    expect((await s.request('GET', `/v1/media/${media.id}`, { key: acme.key })).body.error.code).toBe(
      'MEDIA_NOT_FOUND',
    );
    expect(await s.gateway.storage.media.get(acme.id, media.id)).toBeUndefined();
  });
});

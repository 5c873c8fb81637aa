import { afterEach, describe, expect, it } from 'vitest';
import { APIError } from '../core/errors.js';
import { type FakeServer, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

const MEDIA = {
  id: 'med_1',
  object: 'media',
  content_type: 'image/png',
  size: 4,
  sha256: 'ab',
  filename: 'dot.png',
  source: 'upload',
  mode: 'live',
  created_at: '2026-12-03T00:00:00.000Z',
};

describe('media', () => {
  it('uploads bytes as multipart/form-data in the field "file", with the filename and type', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 201, MEDIA));
    const wagw = server.client();
    const media = await server.client().media.upload({
      file: Uint8Array.from([1, 2, 3, 4]),
      filename: 'dot.png',
      contentType: 'image/png',
    });
    expect(media).toEqual(MEDIA);
    await wagw.media.upload({ file: new Blob(['a,b\n'], { type: 'text/csv' }) });
    const [first, second] = server.requests;
    expect(first?.method).toBe('POST');
    expect(first?.path).toBe('/v1/media');
    expect(first?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(first?.body).toContain('Content-Disposition: form-data; name="file"; filename="dot.png"');
    expect(first?.body).toContain('Content-Type: image/png');
    expect(first?.headers['idempotency-key']).toBeTruthy();
    expect(second?.body).toContain('filename="file"');
    expect(second?.body).toContain('Content-Type: text/csv');
    expect(second?.body).toContain('a,b\n');
  });

  it('downloads bytes, reads info, deletes, and types refusals', async () => {
    server = await startFakeServer((req, res) => {
      if (req.path === '/v1/media/med_1') {
        if (req.method === 'DELETE') return sendJson(res, 200, MEDIA);
        res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([9, 8, 7]));
        return;
      }
      if (req.path === '/v1/media/med_1/info') return sendJson(res, 200, MEDIA);
      sendJson(res, 413, {
        error: { code: 'MEDIA_TOO_LARGE', message: 'too large', request_id: 'req_1', details: { limit: 10 } },
      });
    });
    const wagw = server.client();
    expect([...(await wagw.media.download('med_1'))]).toEqual([9, 8, 7]);
    expect(await wagw.media.info('med_1')).toEqual(MEDIA);
    expect(await wagw.media.delete('med_1')).toEqual(MEDIA);
    const refused = await wagw.media.upload({ file: Uint8Array.from([1]) }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(APIError);
    expect(refused).toMatchObject({ status: 413, code: 'MEDIA_TOO_LARGE' });
  });
});

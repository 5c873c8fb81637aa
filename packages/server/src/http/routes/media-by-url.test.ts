import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { PDF, PNG } from '../../testing/sample-files.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

/** A file server: /pixel.png, /terms.pdf, /big.png (over the test limit), /missing, /hang, /moved. */
async function files() {
  const server: Server = createServer((req, res) => {
    if (req.url === '/pixel.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    if (req.url === '/terms.pdf') return res.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF);
    if (req.url === '/big.png') return res.writeHead(200).end(Buffer.concat([PNG, randomBytes(8192)]));
    if (req.url === '/moved') return res.writeHead(302, { location: '/pixel.png' }).end();
    if (req.url === '/hang') return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    close: () => {
      server.closeAllConnections(); // the /hang request is still open
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe.each(testDialects())('media by URL on %s', (dialect) => {
  let s: TestServer;
  let f: Awaited<ReturnType<typeof files>>;
  let session: string;
  beforeAll(async () => {
    f = await files();
    s = await startTestServer(dialect, { media: { maxBytes: 4096, fetchTimeoutMs: 500 } });
    session = (await s.request('POST', '/v1/sessions', { body: { name: 'url', start: false } })).body.id;
  });
  afterAll(async () => {
    await s.close();
    await f.close();
  });

  const send = (body: object) =>
    s.request('POST', `/v1/sessions/${session}/messages`, { body: { to: '+14155550000', ...body } });
  const count = async () =>
    (await s.request('GET', `/v1/sessions/${session}/messages?limit=100`)).body.data.length;

  it('fetches the file, following a redirect, and stores it as a media file of source url', async () => {
    const sent = await send({ type: 'image', media: { url: `${f.base}/moved` }, caption: 'from a URL' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body.media).toMatchObject({
      content_type: 'image/png',
      size: PNG.length,
      file_name: 'pixel.png',
    });
    const info = await s.request('GET', `/v1/media/${sent.body.media.id}/info`);
    expect(info.body).toMatchObject({ source: 'url', content_type: 'image/png' });
    const doc = await send({ type: 'document', media: { url: `${f.base}/terms.pdf` } });
    expect(doc.body.media).toMatchObject({ content_type: 'application/pdf', file_name: 'terms.pdf' });
  });

  it('refuses a missing, slow, too large or wrong file with a coded error, and queues nothing', async () => {
    const before = await count();
    for (const [path, type, status, code] of [
      ['/missing', 'image', 422, 'MEDIA_FETCH_FAILED'],
      ['/hang', 'image', 422, 'MEDIA_FETCH_FAILED'],
      ['/big.png', 'image', 413, 'MEDIA_TOO_LARGE'],
      ['/terms.pdf', 'image', 415, 'MEDIA_TYPE_NOT_ALLOWED'],
    ] as const) {
      const res = await send({ type, media: { url: `${f.base}${path}` } });
      expect([res.status, res.body.error?.code], path).toEqual([status, code]);
    }
    expect(await count()).toBe(before);
  });

  it('refuses private targets without the operator opt-in, and URLs that are not http(s)', async () => {
    const strict = await startTestServer(dialect, { webhooks: { allowPrivateTargets: false } });
    try {
      const id = (await strict.request('POST', '/v1/sessions', { body: { start: false } })).body.id;
      for (const url of [
        `${f.base}/pixel.png`,
        'http://169.254.169.254/latest/meta-data',
        'http://localhost./x',
      ]) {
        const res = await strict.request('POST', `/v1/sessions/${id}/messages`, {
          body: { type: 'image', to: '+14155550000', media: { url } },
        });
        expect([res.status, res.body.error.code, res.body.error.param], url).toEqual([
          422,
          'MEDIA_URL_NOT_ALLOWED',
          'media.url',
        ]);
      }
      const ftp = await strict.request('POST', `/v1/sessions/${id}/messages`, {
        body: { type: 'image', to: '+14155550000', media: { url: 'ftp://example.com/x.png' } },
      });
      expect(ftp.body.error.code).toBe('MEDIA_URL_NOT_ALLOWED');
    } finally {
      await strict.close();
    }
  });
});

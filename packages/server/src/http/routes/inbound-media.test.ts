import { randomBytes } from 'node:crypto';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { multipartForm } from '../../testing/multipart-form.js';
import { startS3Server, type TestS3Server } from '../../testing/s3-server.js';
import { PNG as PIXEL } from '../../testing/sample-files.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

/** A PNG: the smallest valid header and pixel, then random bytes (so each run's file is unique). */
const PNG = Buffer.concat([PIXEL, randomBytes(4096)]);

/** The sandbox's echoing contact (…0004) sends each file back: it arrives as an inbound file. */
describe.each(testDialects())('inbound media in S3 on %s', (dialect) => {
  let s3: TestS3Server;
  let s: TestServer;
  beforeAll(async () => {
    s3 = await startS3Server();
    s = await startTestServer(dialect, {
      media: {
        s3: {
          bucket: s3.bucket,
          endpoint: s3.endpoint,
          region: 'us-east-1',
          accessKeyId: s3.accessKeyId,
          secretAccessKey: s3.secretAccessKey,
          forcePathStyle: true,
          prefix: '',
        },
      },
    });
  });
  afterAll(async () => {
    await s?.close();
    await s3?.stop();
  });

  it('an inbound image is stored in S3 and downloads through the API with the same bytes', async () => {
    const session = (await s.request('POST', '/v1/sessions', { body: { auto_pair: true } })).body.id;
    await eventually(async () =>
      (await s.request('GET', `/v1/sessions/${session}`)).body.status === 'connected' ? true : undefined,
    );
    const { payload, contentType } = multipartForm([{ field: 'file', filename: 'photo.png', bytes: PNG }]);
    const uploaded = await s.app.inject({
      method: 'POST',
      url: '/v1/media',
      payload,
      headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': contentType },
    });
    const sent = await s.request('POST', `/v1/sessions/${session}/messages`, {
      body: { type: 'image', to: '+14155550004', media: { id: uploaded.json().id }, caption: 'back to you' },
    });
    expect(sent.status).toBe(202);
    const inbound = await eventually(async () => {
      const list = await s.request('GET', `/v1/sessions/${session}/messages?direction=inbound`);
      return list.body.data.find(
        (m: { reply_to: { message_id: string } | null }) => m.reply_to?.message_id === sent.body.id,
      );
    });
    expect(inbound).toMatchObject({
      type: 'image',
      text: 'back to you',
      media: { content_type: 'image/png', size: PNG.length },
    });
    // A file of its own, not the one sent: the inbound bytes were stored anew.
    expect(inbound.media.id).not.toBe(uploaded.json().id);
    const info = await s.request('GET', `/v1/media/${inbound.media.id}/info`);
    expect(info.body).toMatchObject({ source: 'inbound' });

    const download = await s.app.inject({
      url: `/v1/media/${inbound.media.id}`,
      headers: { authorization: `Bearer ${s.adminKey}` },
    });
    expect(download.statusCode).toBe(200);
    expect(Buffer.compare(download.rawPayload, PNG)).toBe(0);

    const bucket = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    const listed = await bucket.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    expect(listed.Contents?.some((o) => o.Key?.endsWith(inbound.media.id))).toBe(true);
    bucket.destroy();
  });
});

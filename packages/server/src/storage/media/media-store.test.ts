import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/parse-config.js';
import { startS3Server, type TestS3Server } from '../../testing/s3-server.js';
import { LocalMediaStore } from './local-media-store.js';
import type { MediaStore } from './media-store.js';
import { openMediaStore } from './open-media-store.js';
import { S3MediaStore } from './s3-media-store.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A stream that yields `chunks` chunks of 64 KiB, then fails if `failAfter` is set. */
function chunked(bytes: Buffer, failAt?: number): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (failAt !== undefined && offset >= failAt) {
        this.destroy(new Error('the upload broke off'));
        return;
      }
      if (offset >= bytes.length) return void this.push(null);
      this.push(bytes.subarray(offset, offset + 65_536));
      offset += 65_536;
    },
  });
}

let dir: string;
let s3: TestS3Server;
const stores: Array<[string, () => MediaStore]> = [];
let local: LocalMediaStore;
let remote: S3MediaStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wagw-media-'));
  s3 = await startS3Server();
  local = new LocalMediaStore(join(dir, 'local'));
  remote = await S3MediaStore.open({
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
    prefix: 'wagw/',
    spoolDir: join(dir, 'spool'),
  });
}, 30_000);
afterAll(async () => {
  await remote?.close();
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});
stores.push(['local disk', () => local], ['S3 (s3rver, a real server process)', () => remote]);

describe.each(stores)('media store on %s', (_name, store) => {
  it('stores bytes and gives the same bytes back, with size, SHA-256 and type', async () => {
    const bytes = randomBytes(300_000);
    const put = await store().put('ten_1/med_a', chunked(bytes), {
      contentType: 'image/png',
      maxBytes: 1_000_000,
    });
    expect(put).toEqual({
      key: 'ten_1/med_a',
      size: bytes.length,
      sha256: sha256(bytes),
      contentType: 'image/png',
    });
    const got = await store().get('ten_1/med_a');
    expect(got).toMatchObject({ size: bytes.length, sha256: sha256(bytes), contentType: 'image/png' });
    expect((await buffer(got!.body)).equals(bytes)).toBe(true);
  });

  it('refuses a file over the limit with MEDIA_TOO_LARGE and stores nothing', async () => {
    const bytes = randomBytes(200_000);
    await expect(
      store().put('ten_1/med_big', chunked(bytes), { contentType: 'video/mp4', maxBytes: 100_000 }),
    ).rejects.toMatchObject({ code: 'MEDIA_TOO_LARGE', details: { limit: 100_000 } });
    expect(await store().get('ten_1/med_big')).toBeUndefined();
  });

  it('an upload that breaks off leaves no object', async () => {
    const bytes = randomBytes(300_000);
    await expect(
      store().put('ten_1/med_broken', chunked(bytes, 131_072), {
        contentType: 'audio/ogg',
        maxBytes: 1_000_000,
      }),
    ).rejects.toThrow(/broke off/);
    expect(await store().get('ten_1/med_broken')).toBeUndefined();
  });

  it('deletes (twice is fine) and refuses keys that could escape', async () => {
    await store().put('ten_2/med_del', Buffer.from('bye'), { contentType: 'text/plain', maxBytes: 10 });
    await store().delete('ten_2/med_del');
    await store().delete('ten_2/med_del');
    expect(await store().get('ten_2/med_del')).toBeUndefined();
    for (const key of ['../etc/passwd', 'ten_1/../x', '/abs', 'a//b', 'a.b', '']) {
      await expect(
        store().put(key, Buffer.from('x'), { contentType: 'text/plain', maxBytes: 10 }),
      ).rejects.toThrow(/invalid media key/);
    }
  });
});

describe('the media store configuration', () => {
  it('leaves no temporary files behind on the local disk', async () => {
    const files = await readdir(join(dir, 'local', 'ten_1'));
    expect(files.filter((f) => f.endsWith('.tmp') || f.includes('.tmp.'))).toEqual([]);
  });

  it('is the local disk by default and S3 when a bucket is configured (WAGW_S3_* too)', async () => {
    const byDefault = await openMediaStore(parseConfig({ dataDir: dir }));
    expect(byDefault.kind).toBe('local');
    const { configFromEnv } = await import('../../config/config-from-env.js');
    const config = parseConfig(
      configFromEnv({
        WAGW_DATA_DIR: dir,
        WAGW_S3_BUCKET: s3.bucket,
        WAGW_S3_ENDPOINT: s3.endpoint,
        WAGW_S3_ACCESS_KEY_ID: s3.accessKeyId,
        WAGW_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        WAGW_S3_FORCE_PATH_STYLE: 'true',
        WAGW_MEDIA_MAX_BYTES: '2048',
      }),
    );
    expect(config.media).toMatchObject({
      maxBytes: 2048,
      s3: { region: 'us-east-1', prefix: '', forcePathStyle: true },
    });
    const store = await openMediaStore(config);
    try {
      expect(store.kind).toBe('s3');
      await store.put('ten_3/med_env', Buffer.from('hello'), { contentType: 'text/plain', maxBytes: 2048 });
      expect((await buffer((await store.get('ten_3/med_env'))!.body)).toString()).toBe('hello');
    } finally {
      await store.close();
    }
    expect(() => parseConfig({ media: { s3: { bucket: 'b' } } as never })).toThrow(/bucket/);
    expect(() => parseConfig({ media: { maxBytes: 10 } })).toThrow(/maxBytes/);
  });
});

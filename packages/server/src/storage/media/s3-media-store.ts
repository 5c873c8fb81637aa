import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { asStream, ByteLimit } from './byte-limit.js';
import {
  checkMediaKey,
  type MediaObject,
  type MediaStore,
  type PutMediaOptions,
  type StoredMedia,
} from './media-store.js';

export interface S3MediaStoreOptions {
  bucket: string;
  /** Any S3-compatible endpoint (MinIO, R2, Garage, …); unset: AWS. */
  endpoint?: string | undefined;
  region: string;
  /** Unset: the AWS SDK's default credential chain (environment, profile, instance role). */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (most self-hosted stores). */
  forcePathStyle: boolean;
  /** Prepended to every key (`wagw/`), so one bucket can hold several things. */
  prefix: string;
  /** Where an upload is spooled first (its size must be known before the PUT). */
  spoolDir: string;
}

type S3Module = typeof import('@aws-sdk/client-s3');

/**
 * Media in an S3-compatible bucket. A put spools the upload to a local file first: S3 needs the
 * length up front, and the size limit and the SHA-256 are checked before anything is sent, so an
 * over-limit file never reaches the bucket. The SHA-256 is kept as object metadata. Checksums are
 * sent only where S3 requires them, since many S3-compatible stores reject the newer trailers.
 */
export class S3MediaStore implements MediaStore {
  readonly kind = 's3' as const;

  private constructor(
    private readonly s3: S3Module,
    private readonly client: S3Client,
    private readonly options: S3MediaStoreOptions,
  ) {}

  /** Loads the AWS SDK only when an S3 store is configured. */
  static async open(options: S3MediaStoreOptions): Promise<S3MediaStore> {
    const s3 = await import('@aws-sdk/client-s3');
    const client = new s3.S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(options.endpoint && { endpoint: options.endpoint }),
      ...(options.accessKeyId &&
        options.secretAccessKey && {
          credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
        }),
    });
    return new S3MediaStore(s3, client, options);
  }

  async put(key: string, body: Readable | Uint8Array, options: PutMediaOptions): Promise<StoredMedia> {
    const objectKey = this.#key(key);
    await mkdir(this.options.spoolDir, { recursive: true });
    const spool = join(this.options.spoolDir, `${randomBytes(8).toString('hex')}.upload`);
    const limit = new ByteLimit(options.maxBytes);
    try {
      await pipeline(asStream(body), limit, createWriteStream(spool));
      const sha256 = limit.digest();
      await this.client.send(
        new this.s3.PutObjectCommand({
          Bucket: this.options.bucket,
          Key: objectKey,
          Body: createReadStream(spool),
          ContentLength: limit.size,
          ContentType: options.contentType,
          Metadata: { sha256 },
        }),
      );
      return { key, size: limit.size, sha256, contentType: options.contentType };
    } finally {
      await rm(spool, { force: true });
    }
  }

  async get(key: string): Promise<MediaObject | undefined> {
    try {
      const res = await this.client.send(
        new this.s3.GetObjectCommand({ Bucket: this.options.bucket, Key: this.#key(key) }),
      );
      const body = res.Body;
      if (!(body instanceof Readable)) throw new Error('the S3 client returned no Node stream');
      return {
        key,
        size: res.ContentLength ?? 0,
        sha256: res.Metadata?.sha256 ?? '',
        contentType: res.ContentType ?? 'application/octet-stream',
        body,
      };
    } catch (error) {
      if (error instanceof this.s3.NoSuchKey || (error as { name?: string }).name === 'NoSuchKey')
        return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(
      new this.s3.DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.#key(key) }),
    );
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  #key(key: string): string {
    return `${this.options.prefix}${checkMediaKey(key)}`;
  }
}

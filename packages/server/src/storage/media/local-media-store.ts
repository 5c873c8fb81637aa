import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { asStream, ByteLimit } from './byte-limit.js';
import {
  checkMediaKey,
  type MediaObject,
  type MediaStore,
  type PutMediaOptions,
  type StoredMedia,
} from './media-store.js';

interface Meta {
  size: number;
  sha256: string;
  contentType: string;
}

/**
 * Media on the local disk under `root`: `<key>` holds the bytes and `<key>.json` what they are.
 * A put writes a temporary file, fsyncs it and renames it into place (the metadata first), so a
 * crash or a full disk leaves either the whole file or none.
 */
export class LocalMediaStore implements MediaStore {
  readonly kind = 'local' as const;

  constructor(private readonly root: string) {}

  async put(key: string, body: Readable | Uint8Array, options: PutMediaOptions): Promise<StoredMedia> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const limit = new ByteLimit(options.maxBytes);
    try {
      // `flush`: fsync before close, so the rename below never publishes bytes still in a cache.
      await pipeline(asStream(body), limit, createWriteStream(tmp, { flags: 'wx', flush: true }));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    const meta: Meta = { size: limit.size, sha256: limit.digest(), contentType: options.contentType };
    try {
      await writeFile(`${tmp}.json`, JSON.stringify(meta), { flush: true });
      await rename(`${tmp}.json`, `${path}.json`);
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      await rm(`${tmp}.json`, { force: true });
      throw error;
    }
    return { key, ...meta };
  }

  async get(key: string): Promise<MediaObject | undefined> {
    const path = this.#path(key);
    let meta: Meta;
    try {
      meta = JSON.parse(await readFile(`${path}.json`, 'utf8')) as Meta;
      await stat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return { key, ...meta, body: createReadStream(path) };
  }

  async delete(key: string): Promise<void> {
    const path = this.#path(key);
    await rm(path, { force: true });
    await rm(`${path}.json`, { force: true });
  }

  async close(): Promise<void> {}

  #path(key: string): string {
    return join(this.root, ...checkMediaKey(key).split('/'));
  }
}

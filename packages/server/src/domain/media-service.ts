import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { newId } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import { guardedGet } from '../net/guarded-get.js';
import type { MediaStore } from '../storage/media/media-store.js';
import type { Storage } from '../storage/storage.js';
import { authorize, type Principal } from './authorization.js';
import { monthOf } from './billing-period.js';
import { checkMediaType } from './media-kinds.js';
import type { Media, MediaSource } from './media-types.js';
import type { Mode } from './types.js';

/** How many first bytes the type is read from (zip-based documents need a few KB). */
const SAMPLE_BYTES = 64 * 1024;

export interface UploadParams {
  body: Readable;
  filename?: string | undefined;
  /** What the client says the type is: believed only for plain text (see `checkMediaType`). */
  declaredType?: string | undefined;
}

/** The first `SAMPLE_BYTES` of a stream, and a stream of all of it (the sample included). */
async function peek(body: Readable): Promise<{ sample: Buffer; all: Readable }> {
  const chunks = body[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SAMPLE_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.from(next.value as Uint8Array);
    head.push(chunk);
    size += chunk.length;
  }
  const sample = Buffer.concat(head);
  async function* all() {
    yield sample;
    if (done) return;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value as Buffer;
  }
  return { sample, all: Readable.from(all()) };
}

/**
 * Media files of a tenant: uploads are typed from their bytes and size-checked before they are
 * kept, their bytes go to the media store, and live uploads count in the `media_bytes` usage.
 */
export class MediaService {
  constructor(
    private readonly storage: Storage,
    private readonly store: MediaStore,
    private readonly maxBytes: number,
    private readonly fetching: { allowPrivate: boolean; timeoutMs: number } = {
      allowPrivate: false,
      timeoutMs: 30_000,
    },
  ) {}

  /**
   * A file fetched from a URL for the caller to send: through the SSRF guard (each redirect and
   * address checked), within the fetch timeout and the size limit, typed from its bytes like an
   * upload, with source `url`.
   */
  async fromUrl(principal: Principal, url: string): Promise<Media> {
    authorize(principal, 'messages:send');
    const fetched = await guardedGet(url, {
      guard: !this.fetching.allowPrivate,
      timeoutMs: this.fetching.timeoutMs,
    });
    return this.#store(principal.tenant.id, principal.mode, 'url', {
      body: fetched.body,
      filename: fetched.fileName ?? undefined,
      declaredType: fetched.contentType?.split(';')[0]?.trim(),
    });
  }

  async upload(principal: Principal, params: UploadParams): Promise<Media> {
    authorize(principal, 'messages:send');
    return this.#store(principal.tenant.id, principal.mode, 'upload', params);
  }

  /**
   * A file that arrived in a message (an engine downloaded it): typed, size-checked, stored and
   * counted like an upload, with source `inbound`.
   */
  storeInbound(tenantId: string, mode: Mode, params: UploadParams): Promise<Media> {
    return this.#store(tenantId, mode, 'inbound', params);
  }

  /** The bytes of a file of the tenant, for an engine sending it; undefined when it is gone. */
  async openBytes(tenantId: string, id: string): Promise<{ media: Media; body: Readable } | undefined> {
    const media = await this.storage.media.get(tenantId, id);
    const object = media && (await this.store.get(media.storageKey));
    return media && object ? { media, body: object.body } : undefined;
  }

  async #store(tenantId: string, mode: Mode, source: MediaSource, params: UploadParams): Promise<Media> {
    const { sample, all } = await peek(params.body);
    if (sample.length === 0) {
      throw new AppError('VALIDATION_FAILED', { message: 'The file is empty.', param: 'file' });
    }
    const sniffed = await fileTypeFromBuffer(sample);
    const contentType = checkMediaType(sniffed?.mime, params.declaredType, sample);
    const now = Date.now();
    const id = newId('med');
    const storageKey = `${tenantId}/${id}`;
    const stored = await this.store.put(storageKey, all, { contentType, maxBytes: this.maxBytes });
    const media: Media = {
      id,
      tenantId,
      mode,
      source,
      contentType,
      size: stored.size,
      sha256: stored.sha256,
      filename: params.filename?.slice(0, 255) ?? null,
      storageKey,
      createdAt: now,
    };
    try {
      await this.storage.transaction(async (tx) => {
        await tx.media.insert(media);
        if (media.mode === 'live') {
          await tx.usage.add([
            {
              tenantId: media.tenantId,
              periodStart: monthOf(now).start,
              metric: 'media_bytes',
              delta: media.size,
            },
          ]);
        }
      });
    } catch (error) {
      // Not recorded: the bytes must not stay behind unreachable.
      await this.store.delete(storageKey).catch(() => undefined);
      throw error;
    }
    return media;
  }

  /** A media file of the caller's tenant and mode; another's is not found. */
  async get(principal: Principal, id: string): Promise<Media> {
    authorize(principal, 'messages:read');
    const media = await this.storage.media.get(principal.tenant.id, id);
    if (!media || media.mode !== principal.mode) throw new AppError('MEDIA_NOT_FOUND');
    return media;
  }

  /** The file and a stream of its bytes. */
  async download(principal: Principal, id: string): Promise<{ media: Media; body: Readable }> {
    const media = await this.get(principal, id);
    const object = await this.store.get(media.storageKey);
    if (!object) {
      throw new AppError('MEDIA_NOT_FOUND', {
        message: 'The media file is recorded but its bytes are gone from the store.',
      });
    }
    return { media, body: object.body };
  }

  /** The bytes of an uploaded JPEG or PNG (a picture to set); VALIDATION_FAILED for another type. */
  async imageBytes(principal: Principal, id: string, param: string): Promise<Uint8Array> {
    const { media, body } = await this.download(principal, id);
    if (media.contentType !== 'image/jpeg' && media.contentType !== 'image/png') {
      body.destroy();
      throw new AppError('VALIDATION_FAILED', {
        message: `A picture is a JPEG or PNG; ${id} is ${media.contentType}.`,
        param,
      });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }

  async delete(principal: Principal, id: string): Promise<Media> {
    authorize(principal, 'messages:send');
    const media = await this.get(principal, id);
    await this.storage.media.delete(principal.tenant.id, id);
    await this.store.delete(media.storageKey);
    return media;
  }
}

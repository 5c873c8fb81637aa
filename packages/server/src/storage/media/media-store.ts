import type { Readable } from 'node:stream';

/** What a stored file is: its key, its size, its SHA-256 (hex) and its MIME type. */
export interface StoredMedia {
  key: string;
  size: number;
  sha256: string;
  contentType: string;
}

/** A stored file and a stream of its bytes (the caller must read or destroy it). */
export interface MediaObject extends StoredMedia {
  body: Readable;
}

export interface PutMediaOptions {
  contentType: string;
  /** More bytes than this fail the put with MEDIA_TOO_LARGE, and nothing is stored. */
  maxBytes: number;
}

/**
 * Where media bytes live: the local disk by default, any S3-compatible store by configuration. A
 * put is all or nothing (a failed or over-limit one leaves no object); keys are chosen by the
 * caller (`<tenant>/<media id>`) and checked by `checkMediaKey`.
 */
export interface MediaStore {
  readonly kind: 'local' | 's3';
  put(key: string, body: Readable | Uint8Array, options: PutMediaOptions): Promise<StoredMedia>;
  /** Undefined when there is no such object. */
  get(key: string): Promise<MediaObject | undefined>;
  /** Deleting what is not there is not an error. */
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-]{1,100}(\/[A-Za-z0-9_-]{1,100}){0,3}$/;

/** Keys are ids joined by `/`: no dots, so no `..`, nothing a path or a URL could misread. */
export function checkMediaKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid media key: ${JSON.stringify(key)}`);
  return key;
}

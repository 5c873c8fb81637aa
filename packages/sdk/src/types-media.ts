/** Public types of media files: aliases of `generated/openapi.ts`, like `types.ts`. */
import type { components } from './generated/openapi.js';

export type MediaFile = components['schemas']['MediaFile'];

/** What `media.upload` takes: the bytes, and what the file is called. */
export interface MediaUploadParams {
  /** A `Blob`/`File` (browsers, `fs.openAsBlob`) or bytes. */
  file: Blob | Uint8Array;
  /** Shown to the recipient of a document; default `file`. */
  filename?: string;
  /**
   * The type you believe it is. The server reads the type from the bytes and uses this only for
   * UTF-8 `text/plain` and `text/csv`.
   */
  contentType?: string;
}

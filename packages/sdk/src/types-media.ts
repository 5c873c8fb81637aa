/** Public types of media files: aliases of `generated/openapi.ts`, like `types.ts`. */
import type { components } from './generated/openapi.js';
import type { MessageSendParams } from './types.js';

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

/** The message types that carry a file: `image`, `video`, `audio`, `document`, `sticker`. */
export type FileMessageType = Extract<MessageSendParams, { media: unknown }>['type'];

type FileVariant<T extends FileMessageType> = Extract<MessageSendParams, { type: T }>;

/** The fields of one file message type; `caption` and `voice` only where that type has them. */
type FileMessageFields<T extends FileMessageType> = {
  type: T;
  /** Phone number, international format. */
  to: string;
  /** A `Blob`/`File` (browsers, `fs.openAsBlob`) or bytes. */
  file: Blob | Uint8Array;
  /** The uploaded file's name (what a document shows by default); default `file`. */
  fileName?: string;
  /** The type you believe it is; the server types the file from its bytes, as `media.upload`. */
  contentType?: string;
  /** The id (`msg_…`) of a message of the same chat that this one replies to. */
  replyTo?: string;
} & ('caption' extends keyof FileVariant<T> ? { caption?: string } : Record<never, never>) &
  ('voice' extends keyof FileVariant<T> ? { voice?: boolean } : Record<never, never>);

/**
 * What `messages.sendFile` takes: a file message with its file, sent in one multipart request.
 * `caption` exists for `image`, `video` and `document`; `voice` for `audio`.
 */
export type MessageSendFileParams = { [T in FileMessageType]: FileMessageFields<T> }[FileMessageType];

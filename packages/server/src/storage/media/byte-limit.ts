import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../../errors/app-error.js';

/** Counts and hashes the bytes that pass; more than `maxBytes` fails the stream with MEDIA_TOO_LARGE. */
export class ByteLimit extends Transform {
  size = 0;
  readonly #hash = createHash('sha256');

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(
        new AppError('MEDIA_TOO_LARGE', {
          message: `The file is larger than the limit of ${this.maxBytes} bytes.`,
          details: { limit: this.maxBytes },
        }),
      );
      return;
    }
    this.#hash.update(chunk);
    done(null, chunk);
  }

  /** The SHA-256 (hex) of everything that passed; call once the stream has ended. */
  digest(): string {
    return this.#hash.digest('hex');
  }
}

export const asStream = (body: Readable | Uint8Array): Readable =>
  body instanceof Uint8Array ? Readable.from([Buffer.from(body)]) : body;

import { Readable } from 'node:stream';
import type { MediaService } from '../domain/media-service.js';
import type { MediaRef } from '../domain/message-body.js';
import { modeOf, type Session } from '../domain/types.js';
import { type EngineContext, EngineError } from '../engines/engine.js';

/** What the runtime gives an engine for media: its session's tenant's files, in its mode. */
export function engineMedia(
  media: MediaService | undefined,
  session: Session,
): Pick<EngineContext, 'readMedia' | 'saveMedia'> {
  return {
    async readMedia(mediaId) {
      const found = await media?.openBytes(session.tenantId, mediaId);
      if (!found) {
        throw new EngineError(
          'MEDIA_NOT_FOUND',
          `Media ${mediaId} is gone: it was deleted before it could be sent.`,
          false,
        );
      }
      return { contentType: found.media.contentType, fileName: found.media.filename, body: found.body };
    },
    async saveMedia(file): Promise<MediaRef> {
      if (!media) throw new Error('no media store');
      const body = file.body instanceof Readable ? file.body : Readable.from([Buffer.from(file.body)]);
      const stored = await media.storeInbound(session.tenantId, modeOf(session), {
        body,
        filename: file.fileName ?? undefined,
      });
      return { id: stored.id, contentType: stored.contentType, size: stored.size, fileName: stored.filename };
    },
  };
}

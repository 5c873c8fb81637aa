import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { wireMedia } from '../../domain/wire-media.js';
import { AppError } from '../../errors/app-error.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { MediaFile } from '../schemas/media.js';
import { type App, security } from './types.js';

const tags = ['media'];
const Params = Type.Object({ media_id: Type.String({ maxLength: 100 }) }, { additionalProperties: false });

/** A filename as a `Content-Disposition` header can carry it (RFC 6266, with a plain fallback). */
const disposition = (filename: string | null) =>
  filename === null
    ? 'attachment'
    : `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

/**
 * Media files: upload one (multipart/form-data, field `file`), download it, delete it. The type is
 * sniffed from the bytes and the size checked while they stream in, before anything is kept.
 */
export async function mediaRoutes(app: App, gateway: Gateway): Promise<void> {
  const maxBytes = gateway.config.media.maxBytes;
  // One file per request; one byte over the limit is enough for MEDIA_TOO_LARGE to be ours. A
  // message sent as a form (send-message-route.ts, in this scope) has up to six fields.
  await app.register(multipart, { limits: { files: 1, fileSize: maxBytes + 1, fields: 8, parts: 9 } });

  app.post(
    '/v1/media',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'uploadMedia',
        tags,
        summary: 'Upload a media file',
        description: `multipart/form-data with the file in the field \`file\`, at most ${maxBytes} bytes (\`media.maxBytes\`). The type is read from the bytes (the client's is believed only for UTF-8 text/plain and text/csv); files WhatsApp does not take are refused with MEDIA_TYPE_NOT_ALLOWED. Use the id to send the file in a message.`,
        security,
        consumes: ['multipart/form-data'],
        body: Type.Object(
          { file: Type.Optional(Type.String({ format: 'binary', description: 'The file.' })) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(MediaFile), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'Send the file as multipart/form-data, in the field "file".',
          param: 'file',
        });
      }
      const part = await request.file();
      if (part?.fieldname !== 'file') {
        throw new AppError('VALIDATION_FAILED', { message: 'The form has no field "file".', param: 'file' });
      }
      const media = await gateway.media.upload(principalOf(request), {
        body: part.file,
        filename: part.filename || undefined,
        declaredType: part.mimetype,
      });
      return reply.status(201).send(wireMedia(media));
    },
  );

  app.get(
    '/v1/media/:media_id',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'downloadMedia',
        tags,
        summary: 'Download a media file',
        security,
        params: Params,
        response: {
          200: {
            description: 'The bytes, with their type; `ETag` is their SHA-256.',
            content: { 'application/octet-stream': { schema: Type.String({ format: 'binary' }) } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { media, body } = await gateway.media.download(principalOf(request), request.params.media_id);
      return (
        reply
          .type(media.contentType)
          .header('content-length', String(media.size))
          .header('etag', `"${media.sha256}"`)
          .header('content-disposition', disposition(media.filename))
          .header('x-content-type-options', 'nosniff')
          // The typed reply knows the JSON schemas only; a stream is sent as is.
          .send(body as unknown as string)
      );
    },
  );

  app.get(
    '/v1/media/:media_id/info',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'getMedia',
        tags,
        summary: 'What a media file is (type, size, SHA-256)',
        security,
        params: Params,
        response: { 200: Type.Ref(MediaFile), ...errorResponses },
      },
    },
    async (request) => wireMedia(await gateway.media.get(principalOf(request), request.params.media_id)),
  );

  app.delete(
    '/v1/media/:media_id',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'deleteMedia',
        tags,
        summary: 'Delete a media file and its bytes',
        security,
        params: Params,
        response: { 200: Type.Ref(MediaFile), ...errorResponses },
      },
    },
    async (request) => wireMedia(await gateway.media.delete(principalOf(request), request.params.media_id)),
  );
}

import type { MultipartFile } from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { MEDIA_MESSAGE_TYPES } from '../../domain/message-body.js';
import { wire } from '../../domain/wire.js';
import { AppError } from '../../errors/app-error.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { Message } from '../schemas/resources.js';
import { SendMessageBody } from '../schemas/send-message.js';
import { type App, security } from './types.js';

/** The form fields a file message takes besides `file` (all text; `voice` is `true` or `false`). */
const FORM_FIELDS = new Set(['type', 'to', 'caption', 'file_name', 'voice', 'reply_to', 'send_at']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The file a multipart send uploaded: removed again unless the message was accepted. */
    uploadedMediaId?: string;
  }
}

/**
 * `POST /v1/sessions/{id}/messages`. In the media routes' scope, which has the multipart parser:
 * a file message may carry its file as multipart/form-data (the file in `file`, the other fields
 * as form fields), which is stored as a media file and sent by its id. The upload is removed again
 * when the message is refused or an idempotent retry is answered with the first response.
 */
export function sendMessageRoute(app: App, gateway: Gateway): void {
  app.post(
    '/v1/sessions/:session_id/messages',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'sendMessage',
        tags: ['messages'],
        summary: 'Queue a message for sending, now or at `send_at` (202: durably accepted)',
        description: `The message is stored with its send job in one transaction and sent by the session in order. Follow its status with GET /v1/messages/{id}, events or webhooks. Send an Idempotency-Key to make retries safe.

A file message (\`image\`, \`video\`, \`audio\`, \`document\`, \`sticker\`) may instead be sent as multipart/form-data: the file in the field \`file\` (at most \`media.maxBytes\`), and \`type\`, \`to\`, \`caption\`, \`file_name\`, \`voice\` (\`true\`/\`false\`) and \`reply_to\` as form fields before it. The file is stored as with POST /v1/media (typed from its bytes) and removed again if the message is refused.`,
        security,
        params: Type.Object({ session_id: Type.String() }),
        body: SendMessageBody,
        response: { 202: Type.Ref(Message), ...errorResponses },
      },
      preValidation: async (request) => {
        if (request.isMultipart()) await readForm(request, gateway);
      },
      onResponse: async (request, reply) => {
        const id = request.uploadedMediaId;
        if (!id || (reply.statusCode === 202 && !reply.getHeader('idempotent-replayed'))) return;
        await gateway.media.delete(principalOf(request), id).catch((error: unknown) => {
          request.log.warn({ err: error, mediaId: id }, 'could not remove the upload of a refused message');
        });
      },
    },
    async (request, reply) => {
      const message = await gateway.messages.send(
        principalOf(request),
        request.params.session_id,
        request.body,
        request.idempotencyKey,
      );
      return reply.status(202).send(wire.message(message));
    },
  );
}

/**
 * Reads a multipart send: the fields, then the file, which is stored; the body becomes the JSON
 * shape with `media: {id}` (validated as any), and the raw body a digest of the fields and the
 * file's bytes (what an Idempotency-Key is matched against).
 */
async function readForm(request: FastifyRequest, gateway: Gateway): Promise<void> {
  const fields: Record<string, unknown> = {};
  let file: MultipartFile | undefined;
  let digest = '';
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'A message takes one file, in the field "file", after the other fields.',
          param: part.fieldname,
        });
      }
      file = part;
      const type = fields.type;
      if (typeof type !== 'string' || !(MEDIA_MESSAGE_TYPES as readonly string[]).includes(type)) {
        throw new AppError('VALIDATION_FAILED', {
          message: `A file is sent with type ${MEDIA_MESSAGE_TYPES.join(', ')}, given as a form field before the file.`,
          param: 'type',
        });
      }
      const media = await gateway.media.upload(principalOf(request), {
        body: part.file,
        filename: part.filename || undefined,
        declaredType: part.mimetype,
      });
      request.uploadedMediaId = media.id;
      fields.media = { id: media.id };
      digest = media.sha256;
      continue;
    }
    if (!FORM_FIELDS.has(part.fieldname)) {
      throw new AppError('VALIDATION_FAILED', {
        message: `Unknown form field "${part.fieldname}"; a file message takes ${[...FORM_FIELDS].join(', ')} and file.`,
        param: part.fieldname,
      });
    }
    const value = String(part.value);
    fields[part.fieldname] = part.fieldname === 'voice' ? voiceOf(value) : value;
  }
  if (!file)
    throw new AppError('VALIDATION_FAILED', { message: 'The form has no field "file".', param: 'file' });
  // Every field, wherever it stood in the form, and the file's bytes.
  request.rawBody = JSON.stringify({ ...fields, media: digest });
  request.body = fields;
}

function voiceOf(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new AppError('VALIDATION_FAILED', { message: 'voice must be true or false.', param: 'voice' });
}

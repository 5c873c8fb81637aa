import type { Readable } from 'node:stream';
import { downloadMediaMessage, normalizeMessageContent, type WAMessage } from '@whiskeysockets/baileys';
import { MEDIA_MESSAGE_TYPES, type MediaBody, type MessageBody } from '../../domain/message-body.js';
import type { EngineContext } from '../engine.js';
import { inboundContent, type OwnAccount } from './inbound-content.js';
import { decodeVote, type PartyJids, rememberInboundPoll } from './poll-votes.js';

/** What a download needs of the socket: its re-upload request (for expired media) and a logger. */
export type DownloadContext = NonNullable<Parameters<typeof downloadMediaMessage>[3]>;

/** What turning a contact's message into a body needs of the session. */
export interface InboundSource {
  ctx: Pick<EngineContext, 'state' | 'logger' | 'lookupMessage' | 'saveMedia'>;
  me: OwnAccount;
  /** The sender (phone and LID, as far as known). */
  from: PartyJids;
  sessionSecret: Uint8Array | undefined;
  /** For media downloads: Baileys' re-upload request (expired media) and its logger. */
  download: DownloadContext;
  /** An undici dispatcher for `fetch` (a media host with its own CA); default Node's. */
  dispatcher?: object | undefined;
}

/** How long a re-upload of expired media by the sender's phone is waited for. */
export const REUPLOAD_TIMEOUT_MS = 30_000;

/**
 * Baileys' re-upload request (for media the host no longer has: 404/410) waits for the phone's
 * answer with no time limit; this bounds it, so the message is reported without its file instead.
 */
export function boundedReupload(
  request: DownloadContext['reuploadRequest'],
  timeoutMs = REUPLOAD_TIMEOUT_MS,
): DownloadContext['reuploadRequest'] {
  return (message) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the media re-upload got no answer')), timeoutMs);
    });
    return Promise.race([request(message), timeout]).finally(() => clearTimeout(timer));
  };
}

const isMedia = (body: MessageBody): body is MediaBody =>
  (MEDIA_MESSAGE_TYPES as readonly string[]).includes(body.type);

/**
 * A message from a contact → the body to report, or undefined when there is none: poll votes are
 * decrypted to option names (see `poll-votes.ts`), a contact's poll is remembered for its votes, and
 * a media message's file is downloaded and stored (`saveMedia`). A file that cannot be downloaded
 * or is refused still gives the message, without it (`media.id: null`), and a warning.
 */
export async function receivedBody(msg: WAMessage, source: InboundSource): Promise<MessageBody | undefined> {
  const update = normalizeMessageContent(msg.message)?.pollUpdateMessage;
  if (update) {
    const vote = await decodeVote(update, source.from, {
      lookupMessage: source.ctx.lookupMessage,
      state: source.ctx.state,
      sessionSecret: source.sessionSecret,
      me: source.me,
    });
    if (!vote) {
      source.ctx.logger.warn(
        { waMessageId: msg.key.id, pollId: update.pollCreationMessageKey?.id },
        'baileys: a poll vote for an unknown poll, or one that cannot be decrypted, is not reported',
      );
    }
    return vote;
  }
  const body = inboundContent(msg.message, source.me);
  if (!body) return undefined;
  if (body.type === 'poll' && msg.key.id) {
    const secret =
      msg.message?.messageContextInfo?.messageSecret ??
      normalizeMessageContent(msg.message)?.messageContextInfo?.messageSecret;
    await rememberInboundPoll(source.ctx.state, msg.key.id, secret, body).catch((error) =>
      source.ctx.logger.warn({ err: error }, 'baileys: could not keep a poll for its votes'),
    );
  }
  return isMedia(body) ? withFile(msg, body, source) : body;
}

async function withFile(msg: WAMessage, body: MediaBody, source: InboundSource): Promise<MediaBody> {
  let stream: Readable | undefined;
  try {
    const options = source.dispatcher ? { options: { dispatcher: source.dispatcher } as RequestInit } : {};
    stream = await downloadMediaMessage(msg, 'stream', options, source.download);
    const media = await source.ctx.saveMedia({ body: stream, fileName: body.media.fileName });
    return { ...body, media };
  } catch (error) {
    source.ctx.logger.warn(
      { err: error, waMessageId: msg.key.id, type: body.type },
      'baileys: the file of an inbound message could not be stored; reported without it',
    );
    return body;
  } finally {
    stream?.destroy();
  }
}

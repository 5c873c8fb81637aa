import { createHash, randomBytes } from 'node:crypto';
import type { MessageBody } from '../../domain/message-body.js';
import { isTargeted, textOf } from '../../domain/message-body.js';

/** What the echoing contact sends back for one message: its WhatsApp id and what it says. */
export interface Echo {
  waMessageId: string;
  body: MessageBody;
}

/**
 * The WhatsApp id of the echo's answer to one of our messages: derived from that message's id, so
 * the echo can later edit or delete its answer without keeping any state.
 */
export const echoIdOf = (waMessageId: string): string =>
  `SBX${createHash('sha256').update(waMessageId).digest('hex').slice(0, 16).toUpperCase()}`;

const freshId = () => `SBX${randomBytes(8).toString('hex').toUpperCase()}`;

/**
 * What an echoing sandbox contact answers to a message it got: the same content, as a reply (the
 * gateway fills in the quoted message's id from its history); a vote for the first options of a
 * poll; for our edit or deletion of a message, the same edit or deletion of its answer to it.
 * A reaction gets no answer.
 */
export function echoOf(sent: MessageBody, waMessageId: string): Echo | undefined {
  switch (sent.type) {
    case 'reaction':
    case 'poll_vote':
      return undefined;
    case 'edit':
      return {
        waMessageId: freshId(),
        body: { type: 'edit', target: theirAnswerTo(sent.target.waMessageId), text: sent.text },
      };
    case 'revoke':
      return {
        waMessageId: freshId(),
        body: { type: 'revoke', target: theirAnswerTo(sent.target.waMessageId) },
      };
    case 'poll':
      return {
        waMessageId: echoIdOf(waMessageId),
        body: {
          type: 'poll_vote',
          target: { messageId: null, waMessageId, fromMe: true, text: sent.question },
          options: sent.options.slice(0, sent.selectableCount),
        },
      };
    default: {
      if (isTargeted(sent)) return undefined;
      const { forwarded: _forwarded, ...content } = sent;
      return {
        waMessageId: echoIdOf(waMessageId),
        body: { ...content, replyTo: { messageId: null, waMessageId, fromMe: true, text: textOf(sent) } },
      };
    }
  }
}

const theirAnswerTo = (waMessageId: string) => ({
  messageId: null,
  waMessageId: echoIdOf(waMessageId),
  fromMe: false,
  text: null,
});

/** A receipt owed from before message types (state written by an older version) had only text. */
export function pendingBody(p: { body?: MessageBody; text?: string }): MessageBody {
  return p.body ?? { type: 'text', text: p.text ?? '' };
}

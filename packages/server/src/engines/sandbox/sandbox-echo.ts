import type { MessageBody } from '../../domain/message-body.js';

/**
 * What an echoing sandbox recipient sends back: the same content, as a reply to the message it
 * got (the gateway fills in the quoted message's id from its history).
 */
export function echoOf(sent: Exclude<MessageBody, { type: 'reaction' }>, waMessageId: string): MessageBody {
  const quoted = sent.type === 'text' ? sent.text : 'caption' in sent ? (sent.caption ?? null) : null;
  return { ...sent, replyTo: { messageId: null, waMessageId, fromMe: true, text: quoted } };
}

/** A receipt owed from before message types (state written by an older version) had only text. */
export function pendingBody(p: { body?: MessageBody; text?: string }): MessageBody {
  return p.body ?? { type: 'text', text: p.text ?? '' };
}

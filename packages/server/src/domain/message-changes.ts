import type { Storage } from '../storage/storage.js';
import type { MessageBody } from './message-body.js';
import type { EventType, Message } from './types.js';

/**
 * The event a message is announced by when it arrives: a contact's reaction, edit, deletion or
 * vote is an event of its own (it is about another message); anything else is `message.received`.
 */
export function inboundEventType(body: MessageBody): EventType {
  switch (body.type) {
    case 'reaction':
      return 'message.reaction';
    case 'edit':
      return 'message.edited';
    case 'revoke':
      return 'message.revoked';
    case 'poll_vote':
      return 'poll.vote';
    default:
      return 'message.received';
  }
}

/** A body with its text (a text) or caption (a file) replaced by an edit. */
export function withEditedText(body: MessageBody, text: string): MessageBody | undefined {
  if (body.type === 'text') return { ...body, text };
  if (body.type === 'image' || body.type === 'video' || body.type === 'document') {
    return { ...body, caption: text };
  }
  return undefined;
}

/**
 * Applies an edit or a deletion for everyone to the message it is about, in `tx`: once our own
 * edit or deletion has been sent, or when a contact's arrives. Only the message's sender can change
 * it: our changes apply to our messages, a contact's to what that contact sent in the same chat.
 * A target outside the history (or someone else's) is left alone; the change is still recorded as
 * a message of its own.
 */
export async function applyChange(tx: Storage, change: Message, at: number): Promise<void> {
  const body = change.body;
  if (body.type !== 'edit' && body.type !== 'revoke') return;
  const target = body.target.messageId
    ? await tx.messages.getById(body.target.messageId)
    : await tx.messages.findByWaId(change.sessionId, body.target.waMessageId);
  if (!target || target.sessionId !== change.sessionId || target.direction !== change.direction) return;
  if (change.direction === 'inbound' && target.from !== change.from) return;
  if (change.direction === 'outbound' && target.to !== change.to) return;
  if (body.type === 'revoke') {
    await tx.messages.markRevoked(target.id, at);
    return;
  }
  const edited = withEditedText(target.body, body.text);
  if (edited) await tx.messages.applyEdit(target.id, edited, at);
}

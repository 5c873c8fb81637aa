import type { MessageBody, MessageRef } from './message-body.js';
import { isTargeted, textOf } from './message-body.js';
import type { Message } from './types.js';

/**
 * An inbound body with the messages it refers to (the one it replies to; the one a reaction, an
 * edit, a deletion or a vote is about) given their gateway ids and texts, when they are in the session's history.
 */
export async function resolveRefs(
  body: MessageBody,
  byWaId: (waMessageId: string) => Promise<Message | undefined>,
): Promise<MessageBody> {
  const resolve = async (ref: MessageRef): Promise<MessageRef> => {
    const found = await byWaId(ref.waMessageId);
    return found ? { ...ref, messageId: found.id, text: ref.text ?? textOf(found.body) } : ref;
  };
  if (isTargeted(body)) return { ...body, target: await resolve(body.target) };
  return body.replyTo ? { ...body, replyTo: await resolve(body.replyTo) } : body;
}

import { isTargeted, type MessageBody, type MessageRef } from './message-body.js';

const ref = (r: MessageRef) => ({
  message_id: r.messageId,
  wa_message_id: r.waMessageId,
  from_me: r.fromMe,
  text: r.text,
});

/**
 * A message body on the wire: every type-specific field present, null unless the type carries it,
 * so a client reads `message.location` without first narrowing on a union.
 */
export function messageContent(body: MessageBody) {
  const isMedia = 'media' in body;
  return {
    text: body.type === 'text' || body.type === 'edit' ? body.text : isMedia ? (body.caption ?? null) : null,
    mentions: body.type === 'text' ? (body.mentions ?? []) : [],
    media: isMedia
      ? {
          id: body.media.id,
          content_type: body.media.contentType,
          size: body.media.size,
          file_name: body.media.fileName,
          voice: body.voice === true,
        }
      : null,
    location:
      body.type === 'location'
        ? {
            latitude: body.latitude,
            longitude: body.longitude,
            name: body.name ?? null,
            address: body.address ?? null,
          }
        : null,
    contacts: body.type === 'contact' ? body.contacts.map((c) => ({ ...c })) : null,
    poll:
      body.type === 'poll'
        ? { question: body.question, options: body.options, selectable_count: body.selectableCount }
        : null,
    reaction: body.type === 'reaction' ? { target: ref(body.target), emoji: body.emoji } : null,
    edit: body.type === 'edit' ? { target: ref(body.target), text: body.text } : null,
    revoke: body.type === 'revoke' ? { target: ref(body.target) } : null,
    poll_vote: body.type === 'poll_vote' ? { target: ref(body.target), options: body.options } : null,
    reply_to: !isTargeted(body) && body.replyTo ? ref(body.replyTo) : null,
    forwarded: !isTargeted(body) && body.forwarded === true,
  };
}

import type { Message } from '@wagw/sdk';
import type { Column, Output } from '../../output.js';

/**
 * What a message says, in one line of any type: its text, or `[image] caption`, `[location] name`,
 * `[poll] question`, `[reaction 👍]`, `[contact] names`; a reply starts with `↩`.
 */
export function summaryOf(m: Message): string {
  const reply = m.reply_to ? '↩ ' : '';
  switch (m.type) {
    case 'text':
      return `${reply}${m.text ?? ''}`;
    case 'location': {
      const where = [m.location?.name, m.location?.address].filter(Boolean).join(', ');
      return `${reply}[location] ${where || `${m.location?.latitude}, ${m.location?.longitude}`}`;
    }
    case 'contact':
      return `${reply}[contact] ${(m.contacts ?? []).map((c) => c.name).join(', ')}`;
    case 'poll':
      return `${reply}[poll] ${m.poll?.question ?? ''}`;
    case 'reaction':
      return m.reaction?.emoji ? `[reaction ${m.reaction.emoji}]` : '[reaction removed]';
    default: {
      const label = m.type === 'audio' && m.media?.voice ? 'voice' : m.type;
      const what = m.text ?? m.media?.file_name ?? '';
      return `${reply}[${label}]${what ? ` ${what}` : ''}`;
    }
  }
}

export const MESSAGE_COLUMNS: readonly Column<Message>[] = [
  { header: 'ID', value: (m) => m.id },
  { header: 'DIR', value: (m) => (m.direction === 'outbound' ? 'out' : 'in') },
  { header: 'STATUS', value: (m) => m.status },
  { header: 'PEER', value: (m) => (m.direction === 'outbound' ? m.to : m.from) },
  { header: 'TEXT', value: summaryOf, maxWidth: 40 },
  { header: 'CREATED', value: (m) => m.created_at },
];

/** A message as `key: value` lines, or as JSON. */
export function printMessage(out: Output, message: Message): void {
  if (out.json) {
    out.printJson(message);
    return;
  }
  out.fields([
    ['id', message.id],
    ['session', message.session_id],
    ['direction', message.direction],
    [
      message.direction === 'outbound' ? 'to' : 'from',
      message.direction === 'outbound' ? message.to : message.from,
    ],
    ['type', message.type],
    ['content', summaryOf(message)],
    ...(message.media?.id ? [['media', `${message.media.id} (${message.media.content_type})`] as const] : []),
    ['status', message.status],
    ...(message.error ? [['error', `${message.error.code}: ${message.error.message}`] as const] : []),
    ['created', message.created_at],
    ...(message.sent_at ? [['sent', message.sent_at] as const] : []),
    ...(message.delivered_at ? [['delivered', message.delivered_at] as const] : []),
    ...(message.read_at ? [['read', message.read_at] as const] : []),
    ...(message.failed_at ? [['failed', message.failed_at] as const] : []),
  ]);
}

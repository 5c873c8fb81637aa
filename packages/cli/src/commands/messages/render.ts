import type { Message } from '@wagw/sdk';
import type { Column, Output } from '../../output.js';

export const MESSAGE_COLUMNS: readonly Column<Message>[] = [
  { header: 'ID', value: (m) => m.id },
  { header: 'DIR', value: (m) => (m.direction === 'outbound' ? 'out' : 'in') },
  { header: 'STATUS', value: (m) => m.status },
  { header: 'PEER', value: (m) => (m.direction === 'outbound' ? m.to : m.from) },
  { header: 'TEXT', value: (m) => m.text, maxWidth: 40 },
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
    ['text', message.text],
    ['status', message.status],
    ...(message.error ? [['error', `${message.error.code}: ${message.error.message}`] as const] : []),
    ['created', message.created_at],
    ...(message.sent_at ? [['sent', message.sent_at] as const] : []),
    ...(message.delivered_at ? [['delivered', message.delivered_at] as const] : []),
    ...(message.read_at ? [['read', message.read_at] as const] : []),
    ...(message.failed_at ? [['failed', message.failed_at] as const] : []),
  ]);
}

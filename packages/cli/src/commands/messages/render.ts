import type { Message } from '@wagw/sdk';
import type { Column, Output } from '../../output.js';

type Ref = NonNullable<Message['reply_to']>;

/**
 * What a message says, in one line of any type: its text, or `[image] caption`, `[location] name`,
 * `[poll] question`, `[reaction 👍]`, `[contact] names`, `[edit] new text`, `[revoke]`,
 * `[vote] options`. A reply starts with `↩`, a forwarded message with `↪`, one deleted for everyone
 * with `[deleted]`; an edited one ends with `(edited)`.
 */
export function summaryOf(m: Message): string {
  const marks = `${m.revoked_at ? '[deleted] ' : ''}${m.forwarded ? '↪ ' : ''}`;
  return `${marks}${contentOf(m)}${m.edited_at ? ' (edited)' : ''}`;
}

function contentOf(m: Message): string {
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
    case 'edit':
      return `[edit] ${m.edit?.text ?? m.text ?? ''}`;
    case 'revoke':
      return '[revoke]';
    case 'poll_vote': {
      const options = m.poll_vote?.options ?? [];
      return options.length > 0 ? `[vote] ${options.join(', ')}` : '[vote removed]';
    }
    default: {
      const label = m.type === 'audio' && m.media?.voice ? 'voice' : m.type;
      const what = m.text ?? m.media?.file_name ?? '';
      return `${reply}[${label}]${what ? ` ${what}` : ''}`;
    }
  }
}

/** The message an edit, deletion, vote or reaction is about: our id when we have it, else WhatsApp's. */
function targetOf(m: Message): Ref | undefined {
  return (m.edit ?? m.revoke ?? m.poll_vote ?? m.reaction)?.target;
}

export const MESSAGE_COLUMNS: readonly Column<Message>[] = [
  { header: 'ID', value: (m) => m.id },
  { header: 'DIR', value: (m) => (m.direction === 'outbound' ? 'out' : 'in') },
  { header: 'STATUS', value: (m) => m.status },
  { header: 'PEER', value: (m) => (m.direction === 'outbound' ? m.to : m.from) },
  { header: 'TEXT', value: summaryOf, maxWidth: 40 },
  { header: 'CREATED', value: (m) => m.created_at },
];

type Field = readonly [string, string | null];

/** A message as `key: value` lines, or as JSON. */
export function printMessage(out: Output, message: Message): void {
  if (out.json) {
    out.printJson(message);
    return;
  }
  const target = targetOf(message);
  const optional = (label: string, value: string | null | undefined | false): Field[] =>
    value ? [[label, value]] : [];
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
    ...optional('target', target && (target.message_id ?? `${target.wa_message_id} (WhatsApp id)`)),
    ...optional('forwarded', message.forwarded && 'yes'),
    ...optional('media', message.media?.id && `${message.media.id} (${message.media.content_type})`),
    ['status', message.status],
    ...optional('error', message.error && `${message.error.code}: ${message.error.message}`),
    ['created', message.created_at],
    ...optional('send at', message.send_at),
    ...optional('cancelled', message.cancelled_at),
    ...optional('sent', message.sent_at),
    ...optional('delivered', message.delivered_at),
    ...optional('read', message.read_at),
    ...optional('failed', message.failed_at),
    ...optional('edited', message.edited_at),
    ...optional('deleted', message.revoked_at),
  ]);
}

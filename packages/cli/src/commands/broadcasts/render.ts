import type { Broadcast } from '@wagw/sdk';
import type { Column, Output } from '../../output.js';
import { progressLine } from './progress.js';

export const COLUMNS: readonly Column<Broadcast>[] = [
  { header: 'ID', value: (b) => b.id },
  { header: 'NAME', value: (b) => b.name, maxWidth: 24 },
  { header: 'STATUS', value: (b) => b.status },
  { header: 'QUEUED', value: (b) => `${b.progress.queued}/${b.progress.total}` },
  { header: 'SENT', value: (b) => b.progress.messages.sent },
  { header: 'FAILED', value: (b) => b.progress.messages.failed + b.progress.failed },
  { header: 'CREATED', value: (b) => b.created_at },
];

export function printBroadcast(out: Output, b: Broadcast): void {
  if (out.json) {
    out.printJson(b);
    return;
  }
  const text =
    'text' in b.message
      ? b.message.text
      : `${b.message.type}${b.message.caption ? `: ${b.message.caption}` : ''}`;
  out.fields([
    ['id', b.id],
    ['name', b.name],
    ['session', b.session_id],
    ['status', b.status_reason ? `${b.status} (${b.status_reason})` : b.status],
    ['message', b.template_id ? `${text} (template ${b.template_id})` : text],
    ['pace', `${b.per_minute}/min`],
    ['progress', progressLine(b)],
    ['created', b.created_at],
    ['started', b.started_at],
    ['finished', b.finished_at],
  ]);
}

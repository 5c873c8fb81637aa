import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Message } from '../domain/types.js';
import { wire } from '../domain/wire.js';

export type ExportFormat = 'jsonl' | 'csv';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

const CSV_COLUMNS = [
  'id',
  'created_at',
  'direction',
  'type',
  'from',
  'to',
  'text',
  'status',
  'error_code',
  'sent_at',
  'delivered_at',
  'read_at',
  'failed_at',
] as const;

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`.
 * Only the message text is the sender's free input; phone numbers keep their `+`.
 */
const defuse = (text: string | null) => (text !== null && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

function csvRow(m: Message): Record<(typeof CSV_COLUMNS)[number], string | null> {
  const w = wire.message(m);
  return {
    id: w.id,
    created_at: w.created_at,
    direction: w.direction,
    type: w.type,
    from: w.from,
    to: w.to,
    text: defuse(w.text ?? null),
    status: w.status,
    error_code: w.error?.code ?? null,
    sent_at: w.sent_at,
    delivered_at: w.delivered_at,
    read_at: w.read_at,
    failed_at: w.failed_at,
  };
}

/** Messages as a byte stream of JSON Lines (one wire message per line) or CSV with a header row. */
export function exportStream(messages: AsyncIterable<Message>, format: ExportFormat): Readable {
  if (format === 'jsonl') {
    return Readable.from(
      (async function* () {
        for await (const m of messages) yield `${JSON.stringify(wire.message(m))}\n`;
      })(),
    );
  }
  const csv = stringify({ header: true, columns: [...CSV_COLUMNS] });
  const rows = Readable.from(
    (async function* () {
      for await (const m of messages) yield csvRow(m);
    })(),
  );
  rows.on('error', (error) => csv.destroy(error));
  return rows.pipe(csv);
}

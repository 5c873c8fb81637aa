import type { Session } from '@wagw/sdk';
import type { Column, Output } from '../../output.js';

export const SESSION_COLUMNS: readonly Column<Session>[] = [
  { header: 'ID', value: (s) => s.id },
  { header: 'NAME', value: (s) => s.name, maxWidth: 24 },
  { header: 'STATUS', value: (s) => s.status },
  { header: 'PHONE', value: (s) => s.phone },
  { header: 'ENGINE', value: (s) => s.engine },
  { header: 'CREATED', value: (s) => s.created_at },
];

/** A session as `key: value` lines, or as JSON. */
export function printSession(out: Output, session: Session): void {
  if (out.json) {
    out.printJson(session);
    return;
  }
  out.fields([
    ['id', session.id],
    ['name', session.name],
    ['status', session.status_reason ? `${session.status} (${session.status_reason})` : session.status],
    ['phone', session.phone],
    ['engine', session.engine],
    ['auto pair', session.auto_pair],
    ['status since', session.status_changed_at],
    ['created', session.created_at],
  ]);
}

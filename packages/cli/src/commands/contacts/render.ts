import type { Contact } from '@wagw/sdk';
import type { Column, Output } from '../../output.js';

export const CONTACT_COLUMNS: readonly Column<Contact>[] = [
  { header: 'CONTACT', value: (c) => c.id },
  { header: 'LID', value: (c) => c.lid ?? '-' },
  { header: 'NAME', value: (c) => c.name ?? '-', maxWidth: 30 },
  { header: 'BLOCKED', value: (c) => (c.blocked ? 'yes' : 'no') },
];

/** One contact as `label: value` lines. */
export function printContact(out: Output, c: Contact): void {
  out.fields([
    ['id', c.id],
    ['phone', c.phone],
    ['lid', c.lid],
    ['name', c.name],
    ['blocked', c.blocked ? 'yes' : 'no'],
    ['updated', c.updated_at],
  ]);
}

import type { Group, GroupParticipant, Identity } from '@wagw/sdk';
import type { Column, Output } from '../../output.js';

/** Help text of a `<group>` argument. */
export const GROUP_ARGUMENT = "the group's id (120363…@g.us, as `wagw groups list` shows it)";

/** A person as one word: the phone number, else the LID. */
export function identity(who: Identity | null): string | null {
  return who === null ? null : (who.phone ?? who.lid);
}

/** `announce` and `locked` as words: `announce, locked`, or null for neither. */
function settings(g: Group): string | null {
  const on = [g.announce && 'announce', g.locked && 'locked'].filter((s): s is string => s !== false);
  return on.length === 0 ? null : on.join(', ');
}

export const GROUP_COLUMNS: readonly Column<Group>[] = [
  { header: 'GROUP', value: (g) => g.id },
  { header: 'SUBJECT', value: (g) => g.subject, maxWidth: 30 },
  { header: 'MEMBERS', value: (g) => g.participants.length },
  { header: 'SETTINGS', value: settings },
  { header: 'LEFT', value: (g) => g.left_at },
];

const PARTICIPANT_COLUMNS: readonly Column<GroupParticipant>[] = [
  { header: 'PHONE', value: (p) => p.phone },
  { header: 'LID', value: (p) => p.lid },
  { header: 'ROLE', value: (p) => p.role },
];

/** One group as `label: value` lines, then its participants as a table (not with `--quiet`). */
export function printGroup(out: Output, g: Group): void {
  out.fields([
    ['id', g.id],
    ['subject', g.subject],
    ['description', g.description],
    ['owner', identity(g.owner)],
    ['created', g.created_at],
    ['announce', g.announce ? 'yes (only admins send)' : 'no'],
    ['locked', g.locked ? 'yes (only admins edit the group)' : 'no'],
    ['left', g.left_at],
    ['updated', g.updated_at],
  ]);
  if (out.quiet) return;
  out.line();
  out.table(g.participants, PARTICIPANT_COLUMNS, 'No participants.');
}

import type { ContactIdentity } from './contact-types.js';
import type { Group, GroupParticipant, GroupSetting } from './group-types.js';

/** The same person: the same phone number or the same LID. */
export const samePerson = (a: ContactIdentity, b: ContactIdentity): boolean =>
  (a.phone !== null && a.phone === b.phone) || (a.lid !== null && a.lid === b.lid);

export type ParticipantsChange = {
  action: 'added' | 'removed' | 'promoted' | 'demoted';
  participants: ContactIdentity[];
};

/** What changed between two states of a group, as the events announce it. */
export interface GroupDiff {
  /** The session is in the group now and was not before (or it was not known). */
  joined: boolean;
  changed: GroupSetting[];
  participants: ParticipantsChange[];
}

const isAdmin = (p: GroupParticipant) => p.role !== 'member';

/**
 * The difference between a stored group and its new state. Events are derived from it, so a change
 * told twice (the API's answer, then WhatsApp's notification of it) is announced once.
 */
export function diffGroup(before: Group | undefined, after: Group): GroupDiff {
  const joined = after.leftAt === null && (before === undefined || before.leftAt !== null);
  if (before === undefined) return { joined, changed: [], participants: [] };
  const changed: GroupSetting[] = [];
  if (before.subject !== after.subject) changed.push('subject');
  if ((before.description ?? '') !== (after.description ?? '')) changed.push('description');
  if (before.announce !== after.announce) changed.push('announce');
  if (before.locked !== after.locked) changed.push('locked');
  const find = (list: GroupParticipant[], p: ContactIdentity) => list.find((q) => samePerson(p, q));
  const added = after.participants.filter((p) => !find(before.participants, p));
  const removed = before.participants.filter((p) => !find(after.participants, p));
  const promoted: GroupParticipant[] = [];
  const demoted: GroupParticipant[] = [];
  for (const p of after.participants) {
    const was = find(before.participants, p);
    if (!was || isAdmin(was) === isAdmin(p)) continue;
    (isAdmin(p) ? promoted : demoted).push(p);
  }
  const participants: ParticipantsChange[] = [];
  const push = (action: ParticipantsChange['action'], list: GroupParticipant[]) => {
    if (list.length > 0)
      participants.push({ action, participants: list.map((p) => ({ phone: p.phone, lid: p.lid })) });
  };
  push('added', added);
  push('removed', removed);
  push('promoted', promoted);
  push('demoted', demoted);
  return { joined, changed, participants };
}

/** Merges what was learned of a participant (a phone for a LID, a role) into the list. */
export function withParticipants(
  list: readonly GroupParticipant[],
  action: 'add' | 'remove' | 'promote' | 'demote',
  people: readonly ContactIdentity[],
): GroupParticipant[] {
  const find = (p: ContactIdentity) => list.find((q) => samePerson(p, q));
  switch (action) {
    case 'add':
      return [
        ...list,
        ...people
          .filter((p) => !find(p))
          .map((p) => ({ phone: p.phone, lid: p.lid, role: 'member' as const })),
      ];
    case 'remove':
      return list.filter((q) => !people.some((p) => samePerson(p, q)));
    case 'promote':
    case 'demote':
      return list.map((q) =>
        people.some((p) => samePerson(p, q))
          ? { ...q, role: action === 'promote' ? (q.role === 'superadmin' ? q.role : 'admin') : 'member' }
          : q,
      );
  }
}

import { randomBytes, randomInt } from 'node:crypto';
import type { StoredPicture } from '../profiles/picture.js';

export type GroupRole = 'superadmin' | 'admin' | 'member';

/** A member of a simulated group: a simulated account or an external contact. */
export interface GroupParticipant {
  phone: string;
  lid: string;
  role: GroupRole;
}

/** A snapshot of a simulated group (what `Simulator.group()` returns). */
export interface GroupState {
  /** `<digits>@g.us`. */
  id: string;
  subject: string;
  description: string | undefined;
  /** Phone number of the creator. */
  owner: string;
  /** Creation time, seconds since epoch. */
  creation: number;
  /** Only admins may send. */
  announce: boolean;
  /** Only admins may edit the group info. */
  locked: boolean;
  participants: GroupParticipant[];
  inviteCode: string;
  /** The group's picture (`updateProfilePicture(groupId, …)`); `profilePicture(id)` has the bytes. */
  picture?: { id: string; size: number; setAt: number };
}

/** The live record behind a `GroupState`. */
export interface Group extends Omit<GroupState, 'participants' | 'picture'> {
  participants: Map<string, GroupParticipant>;
  picture?: StoredPicture;
  descriptionId: string | undefined;
  subjectTime: number;
}

export const isAdmin = (group: Group, phone: string): boolean => {
  const role = group.participants.get(phone)?.role;
  return role === 'admin' || role === 'superadmin';
};

export const newInviteCode = (): string => randomBytes(16).toString('base64url').slice(0, 22);

export const snapshotOf = (group: Group): GroupState => ({
  id: group.id,
  subject: group.subject,
  description: group.description,
  owner: group.owner,
  creation: group.creation,
  announce: group.announce,
  locked: group.locked,
  participants: [...group.participants.values()].map((p) => ({ ...p })),
  inviteCode: group.inviteCode,
  ...(group.picture && {
    picture: { id: group.picture.id, size: group.picture.data.length, setAt: group.picture.setAt },
  }),
});

export class GroupStore {
  private readonly byId = new Map<string, Group>();

  create(owner: GroupParticipant, subject: string): Group {
    const id = `120363${randomInt(1e5, 1e6)}${randomInt(1e5, 1e6)}@g.us`;
    const now = Math.floor(Date.now() / 1000);
    const group: Group = {
      id,
      subject,
      description: undefined,
      descriptionId: undefined,
      owner: owner.phone,
      creation: now,
      subjectTime: now,
      announce: false,
      locked: false,
      participants: new Map([[owner.phone, { ...owner, role: 'superadmin' }]]),
      inviteCode: newInviteCode(),
    };
    this.byId.set(id, group);
    return group;
  }

  /** By `<digits>@g.us` or the bare digits. */
  get(id: string): Group | undefined {
    return this.byId.get(id.includes('@') ? id : `${id}@g.us`);
  }

  byInviteCode(code: string): Group | undefined {
    return [...this.byId.values()].find((g) => g.inviteCode === code);
  }

  all(): Group[] {
    return [...this.byId.values()];
  }
}

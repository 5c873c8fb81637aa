import { lookupContact, type SimContext } from '../context.js';
import { node } from '../nodes.js';
import {
  type Group,
  type GroupParticipant,
  type GroupState,
  isAdmin,
  newInviteCode,
  snapshotOf,
} from '../state/groups.js';
import { groupNode, notifyGroup, participantNode } from './group-nodes.js';

/** A refusal WhatsApp would answer a `w:g2` iq with (`<error code text>`). */
export class GroupError extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
    message = text,
  ) {
    super(message);
  }
}

export type ParticipantAction = 'add' | 'remove' | 'promote' | 'demote';

export interface ParticipantResult {
  phone: string;
  /** 200, or why it was refused: 403 (not on WhatsApp), 404 (not a member), 409 (already one). */
  status: number;
}

export interface GroupChanges {
  subject?: string;
  description?: string;
  announce?: boolean;
  locked?: boolean;
}

/** The identity of a phone number in the simulated network, or undefined when it is not on it. */
export const memberIdentity = (
  ctx: SimContext,
  phone: string,
): { phone: string; lid: string } | undefined => {
  const digits = phone.replace(/[^0-9]/g, '');
  const party = ctx.accounts.get(digits) ?? lookupContact(ctx, digits);
  return party && { phone: party.phone, lid: party.lid };
};

const requireMember = (group: Group, phone: string): GroupParticipant => {
  const member = group.participants.get(phone);
  if (!member) throw new GroupError(403, 'forbidden', `${phone} is not a member of ${group.id}`);
  return member;
};

const requireAdmin = (group: Group, phone: string): GroupParticipant => {
  const member = requireMember(group, phone);
  if (!isAdmin(group, phone))
    throw new GroupError(403, 'forbidden', `${phone} is not an admin of ${group.id}`);
  return member;
};

export const createGroup = (
  ctx: SimContext,
  ownerPhone: string,
  subject: string,
  phones: string[],
): { group: Group; results: ParticipantResult[] } => {
  const owner = memberIdentity(ctx, ownerPhone);
  if (!owner) throw new GroupError(404, 'item-not-found', `unknown number: ${ownerPhone}`);
  if (!subject) throw new GroupError(400, 'bad-request', 'subject is required');
  const group = ctx.groups.create({ ...owner, role: 'superadmin' }, subject);
  const results: ParticipantResult[] = [];
  for (const phone of phones) {
    const member = memberIdentity(ctx, phone);
    if (!member) results.push({ phone: phone.replace(/[^0-9]/g, ''), status: 403 });
    else if (group.participants.has(member.phone)) results.push({ phone: member.phone, status: 409 });
    else {
      group.participants.set(member.phone, { ...member, role: 'member' });
      results.push({ phone: member.phone, status: 200 });
    }
  }
  notifyGroup(ctx, group, owner, node('create', {}, [groupNode(group)]));
  return { group, results };
};

export const participantsAction = (
  ctx: SimContext,
  group: Group,
  by: string,
  action: ParticipantAction,
  phones: string[],
): ParticipantResult[] => {
  const actor = requireAdmin(group, by);
  const results: ParticipantResult[] = [];
  const changed: GroupParticipant[] = [];
  for (const raw of phones) {
    const identity = memberIdentity(ctx, raw);
    const phone = identity?.phone ?? raw.replace(/[^0-9]/g, '');
    const current = group.participants.get(phone);
    let status = 200;
    if (action === 'add') {
      if (!identity) status = 403;
      else if (current) status = 409;
      else {
        const added: GroupParticipant = { ...identity, role: 'member' };
        group.participants.set(phone, added);
        changed.push(added);
      }
    } else if (!current) {
      status = 404;
    } else if (current.role === 'superadmin' && action !== 'promote') {
      status = 403;
    } else if (action === 'remove') {
      group.participants.delete(phone);
      changed.push(current);
    } else {
      if (current.role !== 'superadmin') current.role = action === 'promote' ? 'admin' : 'member';
      changed.push(current);
    }
    results.push({ phone, status });
  }
  if (changed.length > 0) {
    notifyGroup(
      ctx,
      group,
      actor,
      node(
        action,
        {},
        changed.map((p) => participantNode(p)),
      ),
      action === 'remove' ? changed.map((p) => p.phone) : [],
    );
  }
  return results;
};

export const updateGroup = (ctx: SimContext, group: Group, by: string, changes: GroupChanges): void => {
  const actor = requireMember(group, by);
  if (
    group.locked &&
    !isAdmin(group, by) &&
    (changes.subject !== undefined || changes.description !== undefined)
  ) {
    throw new GroupError(403, 'forbidden', `${group.id} is locked: only admins edit its info`);
  }
  if ((changes.announce !== undefined || changes.locked !== undefined) && !isAdmin(group, by)) {
    throw new GroupError(403, 'forbidden', `${by} is not an admin of ${group.id}`);
  }
  if (changes.subject !== undefined) {
    if (!changes.subject) throw new GroupError(400, 'bad-request', 'subject must not be empty');
    group.subject = changes.subject;
    group.subjectTime = Math.floor(Date.now() / 1000);
    notifyGroup(
      ctx,
      group,
      actor,
      node('subject', { subject: group.subject, s_t: String(group.subjectTime) }),
    );
  }
  if (changes.description !== undefined) {
    group.description = changes.description || undefined;
    group.descriptionId = changes.description ? newInviteCode().slice(0, 16) : undefined;
    notifyGroup(
      ctx,
      group,
      actor,
      changes.description
        ? node('description', { id: group.descriptionId }, [
            node('body', {}, Buffer.from(changes.description, 'utf8')),
          ])
        : node('description', { delete: 'true' }),
    );
  }
  if (changes.announce !== undefined && changes.announce !== group.announce) {
    group.announce = changes.announce;
    notifyGroup(ctx, group, actor, node(group.announce ? 'announcement' : 'not_announcement'));
  }
  if (changes.locked !== undefined && changes.locked !== group.locked) {
    group.locked = changes.locked;
    notifyGroup(ctx, group, actor, node(group.locked ? 'locked' : 'unlocked'));
  }
};

export const leaveGroup = (ctx: SimContext, group: Group, phone: string): void => {
  const member = group.participants.get(phone);
  if (!member) throw new GroupError(404, 'item-not-found', `${phone} is not a member of ${group.id}`);
  group.participants.delete(phone);
  // The oldest admin-less group gets a new admin, as WhatsApp does, so it stays manageable.
  if (![...group.participants.values()].some((p) => p.role !== 'member')) {
    const next = group.participants.values().next().value;
    if (next) next.role = 'admin';
  }
  notifyGroup(ctx, group, member, node('remove', {}, [participantNode(member)]), [phone]);
};

export const revokeInvite = (ctx: SimContext, group: Group, by: string): string => {
  const actor = requireAdmin(group, by);
  group.inviteCode = newInviteCode();
  notifyGroup(ctx, group, actor, node('invite', { code: group.inviteCode }));
  return group.inviteCode;
};

export const inviteCodeOf = (group: Group, by: string): string => {
  requireAdmin(group, by);
  return group.inviteCode;
};

export const joinByInvite = (ctx: SimContext, code: string, phone: string): Group => {
  const group = ctx.groups.byInviteCode(code);
  if (!group) throw new GroupError(404, 'item-not-found', `no group with invite code ${code}`);
  const identity = memberIdentity(ctx, phone);
  if (!identity) throw new GroupError(404, 'item-not-found', `unknown number: ${phone}`);
  if (group.participants.has(identity.phone)) throw new GroupError(409, 'conflict', 'already a member');
  const joined: GroupParticipant = { ...identity, role: 'member' };
  group.participants.set(identity.phone, joined);
  notifyGroup(ctx, group, joined, node('add', { reason: 'invite' }, [participantNode(joined)]));
  return group;
};

/** The group with this id (`…@g.us` or its digits); throws for an unknown one. */
export const requireGroup = (ctx: SimContext, id: string): Group => {
  const group = ctx.groups.get(id);
  if (!group) throw new GroupError(404, 'item-not-found', `unknown group: ${id}`);
  return group;
};

/** Ids of the groups `phone` is a member of. */
export const groupsOf = (ctx: SimContext, phone: string): string[] => {
  const digits = phone.replace(/[^0-9]/g, '');
  return ctx.groups
    .all()
    .filter((g) => g.participants.has(digits))
    .map((g) => g.id);
};

/** `Simulator.updateGroup`: `by` changes the group `id`; its snapshot afterwards. */
export const changeGroup = (
  ctx: SimContext,
  id: string,
  options: { by: string } & GroupChanges,
): GroupState => {
  const { by, ...changes } = options;
  const group = requireGroup(ctx, id);
  updateGroup(ctx, group, by, changes);
  return snapshotOf(group);
};

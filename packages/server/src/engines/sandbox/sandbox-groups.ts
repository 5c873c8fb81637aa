import { createHash, randomBytes, randomInt } from 'node:crypto';
import type {
  ContactIdentity,
  EngineContext,
  GroupInfo,
  GroupSettingsChange,
  ParticipantResult,
  ParticipantsAction,
} from '../engine.js';
import { EngineError } from '../engine.js';
import { behaviourFor } from './recipient-behaviour.js';
import { sandboxLid } from './sandbox-contacts.js';

const GROUPS = 'groups';
/** Invite codes of groups the sandbox account can join (`code` → group). */
const INVITES = 'group-invites';

/**
 * The sandbox account's groups, kept in the engine state store so they survive restarts. Members
 * behave by their number as 1:1 recipients do (docs/sandbox.md): every member but those ending in
 * 0002 (never delivers) sends its own delivered receipt for a group message, and those that read
 * read it; numbers ending in 0003 are not on WhatsApp and cannot be added. Every change is told
 * back through the same events WhatsApp's notifications produce.
 */
export class SandboxGroups {
  constructor(
    private readonly ctx: EngineContext,
    private readonly self: () => string,
    private readonly stepMs: number,
    private readonly later: (ms: number, task: () => void | Promise<void>) => void,
  ) {}

  async list(): Promise<GroupInfo[]> {
    const all = await this.ctx.state.list<GroupInfo>(GROUPS);
    return Object.values(all).filter((g) => this.#isMember(g));
  }

  async get(groupId: string): Promise<GroupInfo> {
    const group = (await this.ctx.state.get<GroupInfo>(GROUPS, [groupId]))[groupId];
    if (!group || !this.#isMember(group)) {
      throw new EngineError('GROUP_NOT_FOUND', `The sandbox account is not in ${groupId}.`, false);
    }
    return group;
  }

  async create(subject: string, phones: readonly string[]): Promise<GroupInfo> {
    const refused = phones.find((p) => behaviourFor(p) === 'fails');
    if (refused)
      throw new EngineError('NOT_ON_WHATSAPP', `Sandbox number ${refused} is not on WhatsApp.`, false);
    const self = this.#me();
    const group: GroupInfo = {
      id: `120363${randomInt(10 ** 9, 10 ** 10 - 1)}${randomInt(10 ** 5, 10 ** 6 - 1)}@g.us`,
      subject,
      description: null,
      owner: self,
      createdAt: Date.now(),
      announce: false,
      locked: false,
      participants: [
        { ...self, role: 'superadmin' },
        ...phones
          .filter((p) => p !== self.phone)
          .map((p) => ({ phone: p, lid: sandboxLid(p), role: 'member' as const })),
      ],
    };
    await this.#put(group);
    this.ctx.emit({ type: 'group', group, joined: { by: null } });
    return group;
  }

  async update(groupId: string, change: GroupSettingsChange): Promise<void> {
    const group = await this.#admin(groupId, change.announce === undefined && change.locked === undefined);
    const next: GroupInfo = {
      ...group,
      ...(change.subject !== undefined && { subject: change.subject }),
      ...(change.description !== undefined && { description: change.description || null }),
      ...(change.announce !== undefined && { announce: change.announce }),
      ...(change.locked !== undefined && { locked: change.locked }),
    };
    await this.#put(next);
    this.ctx.emit({ type: 'group.settings', groupId, change, by: this.#me(), at: Date.now() });
  }

  async setPicture(groupId: string): Promise<void> {
    await this.#admin(groupId, true);
    this.ctx.emit({
      type: 'group.settings',
      groupId,
      change: { picture: true },
      by: this.#me(),
      at: Date.now(),
    });
  }

  async participants(
    groupId: string,
    action: ParticipantsAction,
    phones: readonly string[],
  ): Promise<ParticipantResult[]> {
    const group = await this.#admin(groupId, false);
    const results: ParticipantResult[] = [];
    let participants = [...group.participants];
    const done: ContactIdentity[] = [];
    for (const phone of phones) {
      const member = participants.find((p) => p.phone === phone);
      let error: ParticipantResult['error'] = null;
      if (action === 'add') {
        if (behaviourFor(phone) === 'fails') error = 'not_on_whatsapp';
        else if (member) error = 'already_member';
        else participants.push({ phone, lid: sandboxLid(phone), role: 'member' });
      } else if (!member) {
        error = 'not_member';
      } else if (member.role === 'superadmin' && action !== 'promote') {
        error = 'not_authorized';
      } else if (action === 'remove') {
        participants = participants.filter((p) => p !== member);
      } else {
        member.role =
          action === 'promote' ? (member.role === 'superadmin' ? 'superadmin' : 'admin') : 'member';
      }
      results.push({ phone, error });
      if (error === null) done.push({ phone, lid: sandboxLid(phone) });
    }
    await this.#put({ ...group, participants: participants.map((p) => ({ ...p })) });
    if (done.length > 0) {
      this.ctx.emit({
        type: 'group.participants',
        groupId,
        action,
        participants: done,
        by: this.#me(),
        at: Date.now(),
      });
    }
    return results;
  }

  async inviteCode(groupId: string, revoke: boolean): Promise<string> {
    await this.#admin(groupId, false);
    const invites = await this.ctx.state.list<string>(INVITES);
    const current = Object.entries(invites).find(([, id]) => id === groupId)?.[0];
    if (current && !revoke) return current;
    const code = randomBytes(16).toString('base64url').replace(/[-_]/g, 'x').slice(0, 22);
    await this.ctx.state.set({ [INVITES]: { ...(current && { [current]: null }), [code]: groupId } });
    return code;
  }

  /** Joins by a code of one of its own groups' invites (the account left it since), else refuses. */
  async join(code: string): Promise<string> {
    const groupId = (await this.ctx.state.get<string>(INVITES, [code]))[code];
    const group = groupId && (await this.ctx.state.get<GroupInfo>(GROUPS, [groupId]))[groupId];
    if (!group)
      throw new EngineError('GROUP_INVITE_INVALID', 'The sandbox knows no such invite code.', false);
    if (!this.#isMember(group)) {
      const next = {
        ...group,
        participants: [...group.participants, { ...this.#me(), role: 'member' as const }],
      };
      await this.#put(next);
      this.ctx.emit({ type: 'group', group: next, joined: { by: null } });
    }
    return group.id;
  }

  async leave(groupId: string): Promise<void> {
    const group = await this.get(groupId);
    const me = this.#me();
    await this.#put({ ...group, participants: group.participants.filter((p) => p.phone !== me.phone) });
    this.ctx.emit({
      type: 'group.participants',
      groupId,
      action: 'remove',
      participants: [me],
      by: me,
      at: Date.now(),
    });
  }

  /** A message sent to a group: each member's own receipts, after the sandbox's steps. */
  async receipts(groupId: string, waMessageId: string): Promise<void> {
    const group = await this.get(groupId).catch(() => undefined);
    if (!group) return;
    const me = this.#me().phone;
    for (const member of group.participants) {
      if (!member.phone || member.phone === me) continue;
      const behaviour = behaviourFor(member.phone);
      if (behaviour === 'never_delivers' || behaviour === 'fails') continue;
      const steps =
        behaviour === 'delivers_only' ? (['delivered'] as const) : (['delivered', 'read'] as const);
      // Members answer one after the other, in a stable order, like devices coming online.
      const offset =
        Number.parseInt(createHash('sha256').update(member.phone).digest('hex').slice(0, 4), 16) % 50;
      steps.forEach((status, i) => {
        this.later(this.stepMs * (i + 1) + offset, () => {
          this.ctx.emit({
            type: 'message.status',
            waMessageId,
            status,
            at: Date.now(),
            participant: { phone: member.phone, lid: member.lid },
          });
        });
      });
    }
  }

  /** The group, when the account is an admin (or the change is open to all and `locked` is off). */
  async #admin(groupId: string, infoChange: boolean): Promise<GroupInfo> {
    const group = await this.get(groupId);
    const me = group.participants.find((p) => p.phone === this.self());
    const admin = me !== undefined && me.role !== 'member';
    if (!admin && (!infoChange || group.locked)) {
      throw new EngineError('GROUP_NOT_ADMIN', `The sandbox account is not an admin of ${groupId}.`, false);
    }
    return group;
  }

  #isMember(group: GroupInfo): boolean {
    return group.participants.some((p) => p.phone === this.self());
  }

  #me(): ContactIdentity {
    const phone = this.self();
    return { phone, lid: sandboxLid(phone) };
  }

  async #put(group: GroupInfo): Promise<void> {
    await this.ctx.state.set({ [GROUPS]: { [group.id]: group } });
  }
}

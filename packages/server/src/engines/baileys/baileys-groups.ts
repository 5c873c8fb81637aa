import type { BaileysEventMap, GroupMetadata, GroupParticipant, WASocket } from '@whiskeysockets/baileys';
import type { ContactIdentity } from '../../domain/contact-types.js';
import type {
  GroupInfo,
  GroupSettingsChange,
  ParticipantResult,
  ParticipantsAction,
} from '../../domain/group-types.js';
import { EngineError, type EngineEvent } from '../engine.js';
import { checkNumbers } from './baileys-contacts.js';
import { jidToLid, jidToPhone, phoneToJid, sendError } from './mapping.js';

type GroupEvent = Extract<EngineEvent, { type: 'group' | 'group.settings' | 'group.participants' }>;

/** One party from a JID and its alternate (`author`/`authorPn`, `id`/`phoneNumber`/`lid`). */
export function person(...jids: Array<string | null | undefined>): ContactIdentity {
  return {
    phone: jids.map(jidToPhone).find(Boolean) ?? null,
    lid: jids.map(jidToLid).find(Boolean) ?? null,
  };
}

const known = (who: ContactIdentity): ContactIdentity | null => (who.phone || who.lid ? who : null);

const participantOf = (p: GroupParticipant): ContactIdentity => person(p.id, p.phoneNumber, p.lid);

/** Baileys' group metadata as the engine's GroupInfo. */
export function groupInfo(meta: GroupMetadata): GroupInfo {
  const owner = known(person(meta.owner, meta.ownerPn));
  return {
    id: meta.id,
    subject: meta.subject ?? '',
    description: meta.desc || null,
    owner,
    createdAt: meta.creation ? meta.creation * 1000 : null,
    announce: meta.announce === true,
    locked: meta.restrict === true,
    participants: meta.participants.map((p) => ({
      ...participantOf(p),
      role: p.admin === 'superadmin' ? 'superadmin' : p.admin === 'admin' ? 'admin' : 'member',
    })),
  };
}

/** A `groups.update` entry without the whole group: the settings it changes (none: undefined). */
function settingsOf(update: Partial<GroupMetadata>): GroupSettingsChange | undefined {
  const change: GroupSettingsChange = {
    ...(update.subject !== undefined && { subject: update.subject }),
    ...('desc' in update && { description: update.desc || null }),
    ...(update.announce !== undefined && { announce: update.announce }),
    ...(update.restrict !== undefined && { locked: update.restrict }),
  };
  return Object.keys(change).length > 0 ? change : undefined;
}

const ACTIONS = new Set<string>(['add', 'remove', 'promote', 'demote']);

/**
 * The group events of one Baileys event batch: a group created with this account in it
 * (`groups.upsert`), whole groups (`groups.update` after a fetch of every group) or changed
 * settings, and participants added, removed, promoted or demoted. A participants change of a group
 * that adds this account is reported as `unknownGroups` too, for the caller to fetch it whole.
 */
export function groupEvents(
  events: Partial<BaileysEventMap>,
  me: ContactIdentity,
): { events: GroupEvent[]; joinedGroups: Array<{ id: string; by: ContactIdentity | null }> } {
  const out: GroupEvent[] = [];
  const joinedGroups: Array<{ id: string; by: ContactIdentity | null }> = [];
  const at = Date.now();
  for (const meta of events['groups.upsert'] ?? []) {
    out.push({
      type: 'group',
      group: groupInfo(meta),
      joined: { by: known(person(meta.author, meta.authorPn)) },
    });
  }
  for (const update of events['groups.update'] ?? []) {
    if (!update.id) continue;
    if (Array.isArray(update.participants) && update.subject !== undefined) {
      out.push({ type: 'group', group: groupInfo(update as GroupMetadata) });
      continue;
    }
    const change = settingsOf(update);
    if (!change) continue;
    const by = known(person(update.author, update.authorPn));
    out.push({ type: 'group.settings', groupId: update.id, change, by, at });
  }
  const participants = events['group-participants.update'];
  if (participants && ACTIONS.has(participants.action)) {
    const people = participants.participants.map(participantOf).filter((p) => known(p));
    const by = known(person(participants.author, participants.authorPn));
    const action = participants.action as ParticipantsAction;
    out.push({ type: 'group.participants', groupId: participants.id, action, participants: people, by, at });
    const mine = people.some((p) => (p.phone && p.phone === me.phone) || (p.lid && p.lid === me.lid));
    if (action === 'add' && mine) joinedGroups.push({ id: participants.id, by });
  }
  return { events: out, joinedGroups };
}

/** A refusal of a `w:g2` query (Baileys puts the stanza's error code in `data`). */
function groupError(error: unknown, stillConnected: boolean, context: 'change' | 'join'): EngineError {
  const code = (error as { data?: unknown } | null)?.data;
  const text = error instanceof Error ? error.message : String(error);
  if (typeof code === 'number' && stillConnected) {
    if (context === 'join' && [401, 403, 404, 406, 410].includes(code)) {
      return new EngineError(
        'GROUP_INVITE_INVALID',
        `WhatsApp refused the invite code (${code} ${text}).`,
        false,
      );
    }
    if (code === 404) return new EngineError('GROUP_NOT_FOUND', 'The session is not in such a group.', false);
    if (code === 401 || code === 403) {
      return new EngineError('GROUP_NOT_ADMIN', `WhatsApp refused the change (${code} ${text}).`, false);
    }
  }
  return sendError(error, stillConnected);
}

const PARTICIPANT_ERRORS: Record<string, ParticipantResult['error']> = {
  '200': null,
  '401': 'not_authorized',
  '403': 'not_authorized',
  '404': 'not_member',
  '409': 'already_member',
};

/** WhatsApp's per-number status ('200', '409'…) as a result's error; an unknown one is `refused`. */
const answerOf = (status: string | undefined): ParticipantResult['error'] =>
  status !== undefined && status in PARTICIPANT_ERRORS ? (PARTICIPANT_ERRORS[status] ?? null) : 'refused';

/**
 * The group operations of a connected socket. Each WhatsApp refusal becomes a coded EngineError
 * (GROUP_NOT_FOUND, GROUP_NOT_ADMIN, GROUP_INVITE_INVALID), a lost connection SESSION_NOT_CONNECTED.
 */
export class BaileysGroups {
  constructor(
    private readonly socket: () => WASocket,
    private readonly isCurrent: (sock: WASocket) => boolean,
  ) {}

  async list(): Promise<GroupInfo[]> {
    return this.#run('change', async (sock) =>
      Object.values(await sock.groupFetchAllParticipating()).map(groupInfo),
    );
  }

  async get(groupId: string): Promise<GroupInfo> {
    return this.#run('change', async (sock) => groupInfo(await sock.groupMetadata(groupId)));
  }

  /** Refused, with nothing created, when a number is not on WhatsApp (as the sandbox does). */
  async create(subject: string, participants: readonly string[]): Promise<GroupInfo> {
    return this.#run('change', async (sock) => {
      const checks = participants.length > 0 ? await checkNumbers(sock, participants) : [];
      const off = checks.filter((c) => !c.onWhatsApp).map((c) => c.phone);
      if (off.length > 0) {
        throw new EngineError('NOT_ON_WHATSAPP', `Not on WhatsApp: ${off.join(', ')}.`, false);
      }
      return groupInfo(await sock.groupCreate(subject, participants.map(phoneToJid)));
    });
  }

  async update(groupId: string, change: GroupSettingsChange): Promise<void> {
    await this.#run('change', async (sock) => {
      if (change.subject !== undefined) await sock.groupUpdateSubject(groupId, change.subject);
      if (change.description !== undefined) {
        await sock.groupUpdateDescription(groupId, change.description || undefined);
      }
      if (change.announce !== undefined) {
        await sock.groupSettingUpdate(groupId, change.announce ? 'announcement' : 'not_announcement');
      }
      if (change.locked !== undefined) {
        await sock.groupSettingUpdate(groupId, change.locked ? 'locked' : 'unlocked');
      }
    });
  }

  async setPicture(groupId: string, picture: Uint8Array | null): Promise<void> {
    await this.#run('change', async (sock) => {
      if (picture) await sock.updateProfilePicture(groupId, Buffer.from(picture));
      else await sock.removeProfilePicture(groupId);
    });
  }

  /**
   * Numbers not on WhatsApp are answered `not_on_whatsapp` without asking the group (an add
   * would only be refused); the others get WhatsApp's per-number answer.
   */
  async participants(
    groupId: string,
    action: ParticipantsAction,
    phones: readonly string[],
  ): Promise<ParticipantResult[]> {
    return this.#run('change', async (sock) => {
      const checks = action === 'add' ? await checkNumbers(sock, phones) : [];
      const off = new Set(checks.filter((c) => !c.onWhatsApp).map((c) => c.phone));
      const lids = new Map(checks.flatMap((c) => (c.lid ? [[c.lid, c.phone] as const] : [])));
      const asked = phones.filter((p) => !off.has(p));
      const answers =
        asked.length > 0 ? await sock.groupParticipantsUpdate(groupId, asked.map(phoneToJid), action) : [];
      const byPhone = new Map<string, string>();
      answers.forEach((answer, i) => {
        const phone = jidToPhone(answer.jid) ?? lids.get(jidToLid(answer.jid) ?? '') ?? asked[i];
        if (phone) byPhone.set(phone, answer.status);
      });
      return phones.map((phone) => ({
        phone,
        error: off.has(phone) ? 'not_on_whatsapp' : answerOf(byPhone.get(phone)),
      }));
    });
  }

  async inviteCode(groupId: string, revoke: boolean): Promise<string> {
    return this.#run('change', async (sock) => {
      const code = revoke ? await sock.groupRevokeInvite(groupId) : await sock.groupInviteCode(groupId);
      if (!code) throw new EngineError('GROUP_NOT_ADMIN', 'WhatsApp gave no invite code.', false);
      return code;
    });
  }

  async join(code: string): Promise<string> {
    return this.#run('join', async (sock) => {
      const id = await sock.groupAcceptInvite(code);
      if (!id) throw new EngineError('GROUP_INVITE_INVALID', 'WhatsApp named no group for the code.', false);
      return id;
    });
  }

  async leave(groupId: string): Promise<void> {
    await this.#run('change', (sock) => sock.groupLeave(groupId));
  }

  async #run<T>(context: 'change' | 'join', task: (sock: WASocket) => Promise<T>): Promise<T> {
    const sock = this.socket();
    try {
      return await task(sock);
    } catch (error) {
      if (error instanceof EngineError) throw error;
      throw groupError(error, this.isCurrent(sock), context);
    }
  }
}

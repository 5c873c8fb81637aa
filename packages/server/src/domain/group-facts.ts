import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import type { ContactIdentity } from './contact-types.js';
import type { EventsService } from './events-service.js';
import { diffGroup, samePerson, withParticipants } from './group-changes.js';
import {
  GROUP_ID,
  type Group,
  type GroupInfo,
  type GroupParticipant,
  type GroupSettingsChange,
  type ParticipantsAction,
} from './group-types.js';
import type { Session } from './types.js';
import { wireGroups } from './wire-groups.js';

const PAST: Record<ParticipantsAction, 'added' | 'removed' | 'promoted' | 'demoted'> = {
  add: 'added',
  remove: 'removed',
  promote: 'promoted',
  demote: 'demoted',
};

/**
 * What the session learns about its groups — from the engine's events and from the changes the
 * API made — stored, and announced once as `group.joined`, `group.updated`, `group.participants`
 * or `message.receipt` events. Each event is derived from the difference between the stored group
 * and its new state, so WhatsApp's notification of a change made here announces nothing twice.
 */
export class GroupFacts {
  constructor(
    private readonly storage: Storage,
    private readonly events: EventsService,
  ) {}

  /** A group as WhatsApp describes it now (on connect, or when the session joined it). */
  async learnGroup(
    sessionId: string,
    info: GroupInfo,
    joined: { by: ContactIdentity | null } | undefined,
    at: number,
    within: Storage = this.storage,
  ): Promise<void> {
    const session = await within.sessions.getById(sessionId);
    if (session) await this.absorb(session, info, joined, at, within);
  }

  /** A change of settings WhatsApp told of. */
  async learnSettings(
    sessionId: string,
    groupId: string,
    change: GroupSettingsChange & { picture?: true },
    by: ContactIdentity | null,
    at: number,
    within: Storage = this.storage,
  ): Promise<void> {
    await within.transaction(async (tx) => {
      const session = await tx.sessions.getById(sessionId);
      const before = session && (await tx.groups.getForChange(sessionId, groupId));
      if (!session || !before) return; // not known yet: the group's own event brings it whole
      const { picture, ...settings } = change;
      const after: Group = {
        ...before,
        ...settings,
        description: settings.description === undefined ? before.description : settings.description || null,
        updatedAt: at,
      };
      const who = by && (await this.resolve(tx, sessionId, by));
      await this.store(tx, session, before, after, who, at, picture ? ['picture'] : []);
    });
  }

  /** Participants WhatsApp told were added, removed, promoted or demoted. */
  async learnParticipants(
    sessionId: string,
    groupId: string,
    action: ParticipantsAction,
    people: readonly ContactIdentity[],
    by: ContactIdentity | null,
    at: number,
    within: Storage = this.storage,
  ): Promise<void> {
    await within.transaction(async (tx) => {
      const session = await tx.sessions.getById(sessionId);
      if (!session || !(await tx.groups.getForChange(sessionId, groupId))) return;
      const who = by && (await this.resolve(tx, sessionId, by));
      await this.applyParticipants(tx, session, groupId, action, people, who, at);
    });
  }

  /** A group member's receipt for a message the session sent to the group: a `message.receipt` event. */
  async learnReceipt(
    sessionId: string,
    waMessageId: string,
    participant: ContactIdentity,
    status: 'delivered' | 'read' | 'played',
    at: number,
    within: Storage = this.storage,
  ): Promise<void> {
    await within.transaction(async (tx) => {
      const message = await tx.messages.findByWaId(sessionId, waMessageId);
      if (message?.direction !== 'outbound' || !message.to || !GROUP_ID.test(message.to)) return;
      const session = await tx.sessions.getById(sessionId);
      if (!session) return;
      const who = await this.resolve(tx, sessionId, participant);
      await this.event(tx, session, 'message.receipt', {
        message_id: message.id,
        session_id: sessionId,
        group_id: message.to,
        participant: wireGroups.identity(who),
        status,
        at: new Date(at).toISOString(),
      });
    });
  }

  /** Applies a participants change to the stored group, announcing it. */
  async applyParticipants(
    tx: Storage,
    session: Session,
    groupId: string,
    action: ParticipantsAction,
    people: readonly ContactIdentity[],
    by: ContactIdentity | null,
    at: number,
  ): Promise<Group> {
    const before = await this.stored(tx, session, groupId);
    const resolved = await Promise.all(people.map((p) => this.resolve(tx, session.id, p)));
    const self = await this.self(tx, session);
    const participants = withParticipants(before.participants, action, resolved);
    const selfIn = participants.some((p) => samePerson(p, self));
    const after: Group = {
      ...before,
      participants,
      leftAt:
        action === 'remove' && resolved.some((p) => samePerson(p, self))
          ? at
          : action === 'add' && selfIn
            ? null
            : before.leftAt,
      updatedAt: at,
    };
    await this.store(tx, session, before, after, by, at, [], PAST[action]);
    return after;
  }

  /** Stores a group as WhatsApp describes it whole, announcing what changed. */
  async absorb(
    session: Session,
    info: GroupInfo,
    joined: { by: ContactIdentity | null } | undefined,
    at: number,
    within: Storage = this.storage,
  ): Promise<Group> {
    return within.transaction(async (tx) => {
      const before = await tx.groups.getForChange(session.id, info.id);
      const participants: GroupParticipant[] = [];
      for (const p of info.participants)
        participants.push({ ...(await this.resolve(tx, session.id, p)), role: p.role });
      const owner = info.owner && (await this.resolve(tx, session.id, info.owner));
      const after: Group = {
        ...info,
        owner,
        participants,
        sessionId: session.id,
        leftAt: null,
        updatedAt: at,
      };
      const by = joined?.by ? await this.resolve(tx, session.id, joined.by) : null;
      await this.store(tx, session, before, after, by, at);
      return after;
    });
  }

  /** Stores the group's new state and announces what changed. */
  async store(
    tx: Storage,
    session: Session,
    before: Group | undefined,
    after: Group,
    by: ContactIdentity | null,
    at: number,
    alsoChanged: Array<'picture'> = [],
    only?: 'added' | 'removed' | 'promoted' | 'demoted',
  ): Promise<void> {
    await tx.groups.put(after);
    const diff = diffGroup(before, after);
    const wireBy = by && wireGroups.identity(by);
    const group = wireGroups.group(after);
    if (diff.joined) {
      await this.event(tx, session, 'group.joined', { session_id: session.id, group, by: wireBy }, at);
      return;
    }
    const changed = [...diff.changed, ...alsoChanged];
    if (changed.length > 0) {
      await this.event(
        tx,
        session,
        'group.updated',
        {
          session_id: session.id,
          group_id: after.id,
          changed,
          by: wireBy,
          group,
        },
        at,
      );
    }
    for (const change of diff.participants) {
      if (only && change.action !== only) continue;
      await this.event(
        tx,
        session,
        'group.participants',
        {
          session_id: session.id,
          group_id: after.id,
          action: change.action,
          participants: change.participants.map(wireGroups.identity),
          by: wireBy,
          group,
        },
        at,
      );
    }
  }

  /** Records a group event of the session. */
  async event(
    tx: Storage,
    session: Session,
    type: 'group.joined' | 'group.updated' | 'group.participants' | 'message.receipt',
    data: Record<string, unknown>,
    at = Date.now(),
  ): Promise<void> {
    await this.events.record(tx, { tenantId: session.tenantId, sessionId: session.id, type, data }, at);
  }

  /** Completes an identity with what the session knows (the phone of a LID, the LID of a phone). */
  async resolve(tx: Storage, sessionId: string, who: ContactIdentity): Promise<ContactIdentity> {
    const phone =
      who.phone ?? (who.lid ? ((await tx.contacts.phoneForLid(sessionId, who.lid)) ?? null) : null);
    const lid = who.lid ?? (phone ? ((await tx.contacts.lidForPhone(sessionId, phone)) ?? null) : null);
    return { phone, lid };
  }

  /** The session's own identity. */
  async self(tx: Storage, session: Session): Promise<ContactIdentity> {
    return this.resolve(tx, session.id, { phone: session.phone, lid: null });
  }

  /** The stored group, read to be changed; GROUP_NOT_FOUND when there is none. */
  async stored(tx: Storage, session: Session, groupId: string): Promise<Group> {
    const group = await tx.groups.getForChange(session.id, groupId);
    if (!group) throw new AppError('GROUP_NOT_FOUND');
    return group;
  }
}

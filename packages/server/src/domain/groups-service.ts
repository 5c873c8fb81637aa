import type { EngineSession } from '../engines/engine.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { authorize, type Principal } from './authorization.js';
import type { EventsService } from './events-service.js';
import { GroupFacts } from './group-facts.js';
import { descriptionParam, groupIdParam, phonesParam, subjectParam } from './group-params.js';
import type { Group, GroupSettingsChange, ParticipantResult, ParticipantsAction } from './group-types.js';
import type { PhoneNormalizer } from './phone.js';
import { sessionOf } from './session-access.js';
import type { GroupMethod, SessionControl } from './session-control.js';
import type { Page, PageParams } from './types.js';
import { wireGroups } from './wire-groups.js';

const INVITE_URL = 'https://chat.whatsapp.com/';
const INVITE_CODE = /^[A-Za-z0-9]{8,40}$/;

type Control = Pick<SessionControl, 'groupCall'>;

/**
 * A session's groups: read from storage (kept current by the engine's group events and by the
 * changes made here), changed through the connected session. Every change is announced once as a
 * `group.joined`, `group.updated` or `group.participants` event, derived from the difference
 * between the stored group and its new state, so WhatsApp's notification of a change made here
 * announces nothing twice.
 */
export class GroupsService {
  #control: Control | undefined;

  /** Stores what the engine tells of the session's groups (and the changes made here). */
  readonly facts: GroupFacts;

  constructor(
    private readonly storage: Storage,
    events: EventsService,
    private readonly normalizePhone: PhoneNormalizer,
  ) {
    this.facts = new GroupFacts(storage, events);
  }

  bindControl(control: Control): void {
    this.#control = control;
  }

  /** The groups the session is in (with `includeLeft`, also those it left), by id. */
  async list(
    principal: Principal,
    sessionId: string,
    page: PageParams & { includeLeft?: boolean | undefined },
  ): Promise<Page<Group>> {
    await sessionOf(this.storage, principal, sessionId);
    if (page.startingAfter !== undefined) groupIdParam(page.startingAfter, 'starting_after');
    const rows = await this.storage.groups.list(sessionId, {
      limit: page.limit + 1,
      after: page.startingAfter,
      includeLeft: page.includeLeft === true,
    });
    return { data: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  /** A group as stored; one the session has not seen yet is asked of WhatsApp when connected. */
  async get(principal: Principal, sessionId: string, groupId: string): Promise<Group> {
    const session = await sessionOf(this.storage, principal, sessionId);
    const id = groupIdParam(groupId, 'group_id');
    const stored = await this.storage.groups.get(sessionId, id);
    if (stored) return stored;
    if (session.status !== 'connected') throw new AppError('GROUP_NOT_FOUND');
    const info = await this.#call(sessionId, 'getGroup', (s) => s.getGroup?.(id));
    return this.facts.absorb(session, info, { by: null }, Date.now());
  }

  /** Creates a group with the session as its superadmin and `participants` (phone numbers). */
  async create(
    principal: Principal,
    sessionId: string,
    params: { subject: string; participants: readonly string[] },
  ): Promise<Group> {
    authorize(principal, 'messages:send');
    const session = await sessionOf(this.storage, principal, sessionId);
    const subject = subjectParam(params.subject);
    const phones = phonesParam(this.normalizePhone, params.participants, 'participants', 0);
    const info = await this.#call(sessionId, 'createGroup', (s) => s.createGroup?.(subject, phones));
    return this.facts.absorb(session, info, { by: null }, Date.now());
  }

  /** Changes the subject, description or settings; answers the group as it now is. */
  async update(
    principal: Principal,
    sessionId: string,
    groupId: string,
    change: GroupSettingsChange,
  ): Promise<Group> {
    authorize(principal, 'messages:send');
    const session = await sessionOf(this.storage, principal, sessionId);
    const { id } = await this.get(principal, sessionId, groupId);
    const checked: GroupSettingsChange = {
      ...(change.subject !== undefined && { subject: subjectParam(change.subject) }),
      ...(change.description !== undefined && { description: descriptionParam(change.description) }),
      ...(change.announce !== undefined && { announce: change.announce }),
      ...(change.locked !== undefined && { locked: change.locked }),
    };
    if (Object.keys(checked).length === 0) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'Give at least one of subject, description, announce and locked.',
      });
    }
    await this.#call(sessionId, 'updateGroup', (s) => s.updateGroup?.(id, checked));
    const at = Date.now();
    return this.storage.transaction(async (tx) => {
      const before = await this.facts.stored(tx, session, id);
      const after: Group = {
        ...before,
        ...checked,
        description: checked.description === undefined ? before.description : checked.description || null,
        updatedAt: at,
      };
      await this.facts.store(tx, session, before, after, await this.facts.self(tx, session), at);
      return after;
    });
  }

  /** Sets the group's picture (JPEG or PNG bytes), or removes it with null. */
  async setPicture(
    principal: Principal,
    sessionId: string,
    groupId: string,
    picture: Uint8Array | null,
  ): Promise<Group> {
    authorize(principal, 'messages:send');
    const session = await sessionOf(this.storage, principal, sessionId);
    const { id } = await this.get(principal, sessionId, groupId);
    await this.#call(sessionId, 'setGroupPicture', (s) => s.setGroupPicture?.(id, picture));
    const at = Date.now();
    return this.storage.transaction(async (tx) => {
      const before = await this.facts.stored(tx, session, id);
      const after = { ...before, updatedAt: at };
      await tx.groups.put(after);
      await this.facts.event(tx, session, 'group.updated', {
        session_id: session.id,
        group_id: id,
        changed: ['picture'],
        by: wireGroups.identity(await this.facts.self(tx, session)),
        group: wireGroups.group(after),
      });
      return after;
    });
  }

  /** Adds, removes, promotes or demotes numbers; one result per distinct number, in order. */
  async participants(
    principal: Principal,
    sessionId: string,
    groupId: string,
    action: ParticipantsAction,
    phones: readonly string[],
  ): Promise<{ results: ParticipantResult[]; group: Group }> {
    authorize(principal, 'messages:send');
    const session = await sessionOf(this.storage, principal, sessionId);
    const { id } = await this.get(principal, sessionId, groupId);
    const numbers = phonesParam(this.normalizePhone, phones, 'participants', 1);
    const results = await this.#call(sessionId, 'updateParticipants', (s) =>
      s.updateParticipants?.(id, action, numbers),
    );
    const done = results.filter((r) => r.error === null).map((r) => ({ phone: r.phone, lid: null }));
    const at = Date.now();
    const group = await this.storage.transaction(async (tx) => {
      const self = await this.facts.self(tx, session);
      return this.facts.applyParticipants(tx, session, id, action, done, self, at);
    });
    return { results, group };
  }

  /** The group's invite code and link; `revoke` makes a new one (the old one stops working). */
  async inviteCode(
    principal: Principal,
    sessionId: string,
    groupId: string,
    revoke: boolean,
  ): Promise<{ code: string; url: string }> {
    authorize(principal, 'messages:send');
    await sessionOf(this.storage, principal, sessionId);
    const id = groupIdParam(groupId, 'group_id');
    const code = await this.#call(sessionId, 'groupInviteCode', (s) => s.groupInviteCode?.(id, revoke));
    return { code, url: `${INVITE_URL}${code}` };
  }

  /** Joins a group by an invite code or link; answers the group. */
  async join(principal: Principal, sessionId: string, invite: string): Promise<Group> {
    authorize(principal, 'messages:send');
    const session = await sessionOf(this.storage, principal, sessionId);
    const code = invite.trim().startsWith(INVITE_URL)
      ? invite.trim().slice(INVITE_URL.length)
      : invite.trim();
    if (!INVITE_CODE.test(code)) {
      throw new AppError('VALIDATION_FAILED', {
        message: `"${invite}" is not an invite code or a ${INVITE_URL}… link.`,
        param: 'code',
      });
    }
    const id = await this.#call(sessionId, 'joinGroup', (s) => s.joinGroup?.(code));
    const info = await this.#call(sessionId, 'getGroup', (s) => s.getGroup?.(id));
    return this.facts.absorb(session, info, { by: null }, Date.now());
  }

  /** Leaves a group; it stays readable with `left_at` set. */
  async leave(principal: Principal, sessionId: string, groupId: string): Promise<Group> {
    authorize(principal, 'messages:send');
    const session = await sessionOf(this.storage, principal, sessionId);
    const id = groupIdParam(groupId, 'group_id');
    await this.#call(sessionId, 'leaveGroup', (s) => s.leaveGroup?.(id));
    const at = Date.now();
    return this.storage.transaction(async (tx) => {
      const self = await this.facts.self(tx, session);
      return this.facts.applyParticipants(tx, session, id, 'remove', [self], self, at);
    });
  }

  #call<T>(
    sessionId: string,
    method: GroupMethod,
    call: (s: EngineSession) => Promise<T> | undefined,
  ): Promise<T> {
    if (!this.#control) throw new AppError('SESSION_NOT_CONNECTED');
    return this.#control.groupCall(sessionId, method, call);
  }
}

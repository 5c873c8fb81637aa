import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type {
  Group,
  GroupCreateParams,
  GroupInviteCode,
  GroupListParams,
  GroupParticipantsAction,
  GroupParticipantsResult,
  GroupUpdateParams,
} from '../types-groups.js';

/**
 * `wagw.groups`: the WhatsApp groups a session is in. A group is named by its id (`digits@g.us`);
 * anything else is a `BadRequestError` (`VALIDATION_FAILED`, `param: "group_id"`). Reads work
 * whatever the session's status; every change goes through WhatsApp, so the session must be
 * connected (`ConflictError`, `SESSION_NOT_CONNECTED`) and, for most changes, an admin of the group
 * (`PermissionDeniedError`, `GROUP_NOT_ADMIN`). To send to a group, give its id as `to` of
 * `wagw.messages.send`.
 */
export class Groups extends APIResource {
  /**
   * The groups the session is in, by id; `include_left: true` adds those it left or was removed
   * from. Iterate with `for await` to page through all of them.
   *
   * @example
   * for await (const g of wagw.groups.list(sessionId)) console.log(g.id, g.subject, g.participants.length);
   */
  list(sessionId: string, params?: GroupListParams, options?: RequestOptions): PagePromise<Group> {
    return this.paginate(path`v1/sessions/${sessionId}/groups`, params, options);
  }

  /**
   * One group with its participants and their roles. A group the session has not stored yet is
   * asked of WhatsApp when the session is connected; rejects with `NotFoundError`
   * (`GROUP_NOT_FOUND`) when the session is not in it.
   */
  get(sessionId: string, groupId: string, options?: RequestOptions): Promise<Group> {
    return this.transport.request(
      { method: 'GET', path: path`v1/sessions/${sessionId}/groups/${groupId}` },
      options,
    );
  }

  /**
   * Creates a group with the session as its superadmin and `participants` (phone numbers) as its
   * members; a `group.joined` event follows. A number without WhatsApp rejects the whole call with
   * `UnprocessableEntityError` (`NOT_ON_WHATSAPP`); add such numbers with `addParticipants` to get
   * a result per number instead.
   *
   * @example
   * const group = await wagw.groups.create(sessionId, { subject: 'Release team', participants: ['+447700900123'] });
   * await wagw.messages.send(sessionId, { type: 'text', to: group.id, text: 'Hello all' });
   */
  create(sessionId: string, params: GroupCreateParams, options?: RequestOptions): Promise<Group> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/groups`, body: params },
      options,
    );
  }

  /**
   * Changes the subject, the description (null or `''` removes it) or the settings: `announce`
   * (only admins send), `locked` (only admins change the subject, description and picture). Answers
   * the group as it now is; a `group.updated` event follows.
   *
   * @example
   * await wagw.groups.update(sessionId, groupId, { subject: 'Release crew', announce: true });
   */
  update(
    sessionId: string,
    groupId: string,
    params: GroupUpdateParams,
    options?: RequestOptions,
  ): Promise<Group> {
    return this.transport.request(
      { method: 'PATCH', path: path`v1/sessions/${sessionId}/groups/${groupId}`, body: params },
      options,
    );
  }

  /**
   * Sets the group's picture to an uploaded JPEG or PNG (`wagw.media.upload`), or removes it with
   * `null`. A `group.updated` event with `changed: ['picture']` follows.
   */
  setPicture(
    sessionId: string,
    groupId: string,
    mediaId: string | null,
    options?: RequestOptions,
  ): Promise<Group> {
    return this.transport.request(
      {
        method: 'POST',
        path: path`v1/sessions/${sessionId}/groups/${groupId}/picture`,
        body: { media_id: mediaId },
      },
      options,
    );
  }

  /**
   * Adds, removes, promotes or demotes 1–256 numbers. WhatsApp answers for each number: `data` has
   * one result per distinct number, in order, with `error` null when done or why it was refused
   * (`not_on_whatsapp`, `already_member`, `not_member`, `not_authorized`, `refused`); a refused
   * number does not fail the call. `group` is the group as it now is. A `group.participants` event
   * follows for the numbers done.
   *
   * @example
   * const { data } = await wagw.groups.updateParticipants(sessionId, groupId, 'add', ['+447700900123']);
   * const refused = data.filter((r) => r.error !== null);
   */
  updateParticipants(
    sessionId: string,
    groupId: string,
    action: GroupParticipantsAction,
    phones: readonly string[],
    options?: RequestOptions,
  ): Promise<GroupParticipantsResult> {
    return this.transport.request(
      {
        method: 'POST',
        path: path`v1/sessions/${sessionId}/groups/${groupId}/participants/${action}`,
        body: { participants: [...phones] },
      },
      options,
    );
  }

  /** Adds numbers to the group: `updateParticipants(…, 'add', phones)`. */
  addParticipants(
    sessionId: string,
    groupId: string,
    phones: readonly string[],
    options?: RequestOptions,
  ): Promise<GroupParticipantsResult> {
    return this.updateParticipants(sessionId, groupId, 'add', phones, options);
  }

  /** Removes numbers from the group: `updateParticipants(…, 'remove', phones)`. */
  removeParticipants(
    sessionId: string,
    groupId: string,
    phones: readonly string[],
    options?: RequestOptions,
  ): Promise<GroupParticipantsResult> {
    return this.updateParticipants(sessionId, groupId, 'remove', phones, options);
  }

  /** Makes members admins: `updateParticipants(…, 'promote', phones)`. */
  promoteParticipants(
    sessionId: string,
    groupId: string,
    phones: readonly string[],
    options?: RequestOptions,
  ): Promise<GroupParticipantsResult> {
    return this.updateParticipants(sessionId, groupId, 'promote', phones, options);
  }

  /** Makes admins plain members: `updateParticipants(…, 'demote', phones)`. */
  demoteParticipants(
    sessionId: string,
    groupId: string,
    phones: readonly string[],
    options?: RequestOptions,
  ): Promise<GroupParticipantsResult> {
    return this.updateParticipants(sessionId, groupId, 'demote', phones, options);
  }

  /** The group's invite code and `https://chat.whatsapp.com/…` link (the same one until revoked). */
  inviteCode(sessionId: string, groupId: string, options?: RequestOptions): Promise<GroupInviteCode> {
    return this.transport.request(
      { method: 'GET', path: path`v1/sessions/${sessionId}/groups/${groupId}/invite` },
      options,
    );
  }

  /** Revokes the group's invite code (the old one stops working) and answers the new one. */
  revokeInvite(sessionId: string, groupId: string, options?: RequestOptions): Promise<GroupInviteCode> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/groups/${groupId}/invite/revoke`, body: {} },
      options,
    );
  }

  /**
   * Joins a group by an invite code or the whole `https://chat.whatsapp.com/…` link; answers the
   * group, and a `group.joined` event follows. A code WhatsApp refuses rejects with
   * `UnprocessableEntityError` (`GROUP_INVITE_INVALID`).
   */
  join(sessionId: string, code: string, options?: RequestOptions): Promise<Group> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/groups/join`, body: { code } },
      options,
    );
  }

  /**
   * Leaves the group. It stays readable (`get`, `list` with `include_left`) with `left_at` set; a
   * `group.participants` event (`removed`) follows.
   */
  leave(sessionId: string, groupId: string, options?: RequestOptions): Promise<Group> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/groups/${groupId}/leave`, body: {} },
      options,
    );
  }
}

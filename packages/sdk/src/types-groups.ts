/** Types of groups and their events, aliases of `generated/openapi.ts` (see types.ts). */
import type { components, operations } from './generated/openapi.js';

type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? Partial<NonNullable<Q>> : never;
type JsonResponse<Op, Status extends number> = Op extends {
  responses: { [S in Status]: { content: { 'application/json': infer R } } };
}
  ? R
  : never;

/**
 * A group the session is (or was) in: its id (`digits@g.us`), subject, description, owner,
 * settings (`announce`, `locked`), participants with their roles, and `left_at` once it left.
 */
export type Group = components['schemas']['Group'];
/** A member of a group: phone number and LID (either may be null) and role. */
export type GroupParticipant = components['schemas']['GroupParticipant'];
/** `member`, `admin` or `superadmin` (the group's creator). */
export type GroupRole = GroupParticipant['role'];
/** A person named in a group or an event: phone number and LID, either may be null. */
export type Identity = components['schemas']['Identity'];
/** What became of one number of an add, remove, promote or demote: `error` null when done. */
export type GroupParticipantResult = components['schemas']['GroupParticipantResult'];
/** Why WhatsApp refused one number of a participants call. */
export type GroupParticipantError = NonNullable<GroupParticipantResult['error']>;
/** The answer of a participants call: one result per distinct number, in order, and the group now. */
export type GroupParticipantsResult = JsonResponse<operations['addGroupParticipants'], 200>;
/** A group's invite code and its `https://chat.whatsapp.com/…` link. */
export type GroupInviteCode = components['schemas']['GroupInviteCode'];

/** The `data` of a `group.joined` event. */
export type GroupJoinedData = components['schemas']['GroupJoinedData'];
/** The `data` of a `group.updated` event. */
export type GroupUpdatedData = components['schemas']['GroupUpdatedData'];
/** The `data` of a `group.participants` event. */
export type GroupParticipantsData = components['schemas']['GroupParticipantsData'];
/** The `data` of a `message.receipt` event: one member's receipt for a message sent to a group. */
export type MessageReceiptData = components['schemas']['MessageReceiptData'];

export type GroupListParams = Query<operations['listGroups']>;
type CreateBody = JsonBody<operations['createGroup']>;
/** The subject, and the phone numbers to add (none by default). */
export type GroupCreateParams = Omit<CreateBody, 'participants'> & Partial<Pick<CreateBody, 'participants'>>;
/** At least one of `subject`, `description` (null or `''` removes it), `announce` and `locked`. */
export type GroupUpdateParams = JsonBody<operations['updateGroup']>;
/** `add`, `remove`, `promote` (make admins) or `demote` (make plain participants). */
export type GroupParticipantsAction = 'add' | 'remove' | 'promote' | 'demote';

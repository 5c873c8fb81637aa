import { Type } from '@sinclair/typebox';
import { Nullable, NullableTimestamp, Timestamp } from './common.js';

const GROUP_ID = Type.String({
  description: "The group's WhatsApp id (`digits@g.us`).",
  examples: ['120363012345678901@g.us'],
});

/** A person in a group or an event: its phone number and LID, either may be unknown. */
export const Identity = Type.Object(
  {
    phone: Nullable(Type.String({ description: 'E.164.', examples: ['+447700900123'] })),
    lid: Nullable(Type.String({ examples: ['112233445566778@lid'] })),
  },
  { $id: 'Identity' },
);

export const GroupParticipant = Type.Object(
  {
    phone: Nullable(Type.String({ description: 'E.164.', examples: ['+447700900123'] })),
    lid: Nullable(Type.String({ examples: ['112233445566778@lid'] })),
    role: Type.Union([Type.Literal('member'), Type.Literal('admin'), Type.Literal('superadmin')], {
      description: "`superadmin`: the group's creator; admins and the creator manage the group.",
    }),
  },
  { $id: 'GroupParticipant' },
);

export const Group = Type.Object(
  {
    id: GROUP_ID,
    object: Type.Literal('group'),
    session_id: Type.String(),
    subject: Type.String({ examples: ['Release team'] }),
    description: Nullable(Type.String()),
    owner: Nullable(Type.Ref(Identity, { description: 'Who created it, when WhatsApp says.' })),
    created_at: NullableTimestamp,
    announce: Type.Boolean({ description: 'Only admins send messages.' }),
    locked: Type.Boolean({ description: "Only admins change the group's subject, description and picture." }),
    participants: Type.Array(Type.Ref(GroupParticipant)),
    left_at: Nullable(
      Type.String({
        format: 'date-time',
        description: 'When this session left the group or was removed; null while it is a member.',
      }),
    ),
    updated_at: Timestamp,
  },
  { $id: 'Group' },
);

/** What became of one number of an add, remove, promote or demote. */
export const GroupParticipantResult = Type.Object(
  {
    phone: Type.String(),
    error: Type.Union(
      [
        Type.Literal('not_authorized'),
        Type.Literal('not_on_whatsapp'),
        Type.Literal('already_member'),
        Type.Literal('not_member'),
        Type.Literal('refused'),
        Type.Null(),
      ],
      { description: 'null: done; otherwise why WhatsApp refused this number.' },
    ),
  },
  { $id: 'GroupParticipantResult' },
);

/** A group's invite code and link. */
export const GroupInviteCode = Type.Object(
  {
    code: Type.String({ examples: ['AbCdEfGhIjK1234567890'] }),
    url: Type.String({ examples: ['https://chat.whatsapp.com/AbCdEfGhIjK1234567890'] }),
  },
  { $id: 'GroupInviteCode' },
);

/** The `data` of a `group.joined` event. */
export const GroupJoinedData = Type.Object(
  {
    session_id: Type.String(),
    group: Type.Ref(Group),
    by: Nullable(
      Type.Ref(Identity, { description: 'Who added the session; null when it created or joined it itself.' }),
    ),
  },
  { $id: 'GroupJoinedData', additionalProperties: false },
);

/** The `data` of a `group.updated` event. */
export const GroupUpdatedData = Type.Object(
  {
    session_id: Type.String(),
    group_id: GROUP_ID,
    changed: Type.Array(
      Type.Union([
        Type.Literal('subject'),
        Type.Literal('description'),
        Type.Literal('announce'),
        Type.Literal('locked'),
        Type.Literal('picture'),
      ]),
      { description: 'The settings that changed.' },
    ),
    by: Nullable(Type.Ref(Identity, { description: 'Who changed them, when WhatsApp says.' })),
    group: Type.Ref(Group, { description: 'The group as it now is.' }),
  },
  { $id: 'GroupUpdatedData', additionalProperties: false },
);

/** The `data` of a `group.participants` event. */
export const GroupParticipantsData = Type.Object(
  {
    session_id: Type.String(),
    group_id: GROUP_ID,
    action: Type.Union(
      [Type.Literal('added'), Type.Literal('removed'), Type.Literal('promoted'), Type.Literal('demoted')],
      { description: 'What happened to `participants`; one who left is `removed` by itself.' },
    ),
    participants: Type.Array(Type.Ref(Identity)),
    by: Nullable(Type.Ref(Identity, { description: 'Who did it, when WhatsApp says.' })),
    group: Type.Ref(Group, { description: 'The group as it now is.' }),
  },
  { $id: 'GroupParticipantsData', additionalProperties: false },
);

/** The `data` of a `message.receipt` event: one group member's receipt for a message we sent. */
export const MessageReceiptData = Type.Object(
  {
    message_id: Type.String({ examples: ['msg_7fGh2JkLmN4pQrS6tUvW8xYz'] }),
    session_id: Type.String(),
    group_id: GROUP_ID,
    participant: Type.Ref(Identity, { description: 'The member whose device received or read it.' }),
    status: Type.Union([Type.Literal('delivered'), Type.Literal('read'), Type.Literal('played')]),
    at: Timestamp,
  },
  { $id: 'MessageReceiptData', additionalProperties: false },
);

export const groupsSchemas = [
  GroupParticipantResult,
  GroupInviteCode,
  Identity,
  GroupParticipant,
  Group,
  GroupJoinedData,
  GroupUpdatedData,
  GroupParticipantsData,
  MessageReceiptData,
];

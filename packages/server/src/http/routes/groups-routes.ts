import { Type } from '@sinclair/typebox';
import { DESCRIPTION_MAX, PARTICIPANTS_MAX, SUBJECT_MAX } from '../../domain/group-params.js';
import type { ParticipantsAction } from '../../domain/group-types.js';
import { wireGroups } from '../../domain/wire-groups.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses, ListOf, ListQuery } from '../schemas/common.js';
import { Group, GroupInviteCode, GroupParticipantResult } from '../schemas/groups-schemas.js';
import { type App, page, security } from './types.js';

const tags = ['groups'];

const params = Type.Object({ session_id: Type.String() });
const groupParams = Type.Object({
  session_id: Type.String(),
  group_id: Type.String({
    minLength: 1,
    maxLength: 60,
    description: "The group's id (`digits@g.us`).",
  }),
});

const CONNECTED =
  'The session must be connected (SESSION_NOT_CONNECTED otherwise); CAPABILITY_NOT_SUPPORTED when its engine cannot do this; GROUP_NOT_ADMIN when WhatsApp refuses because the session is not an admin.';

const Phones = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
  minItems: 1,
  maxItems: PARTICIPANTS_MAX,
  description: 'Phone numbers in international format.',
  examples: [['+447700900123']],
});

const ACTIONS: Array<{ action: ParticipantsAction; operationId: string; summary: string }> = [
  { action: 'add', operationId: 'addGroupParticipants', summary: 'Add participants to a group' },
  { action: 'remove', operationId: 'removeGroupParticipants', summary: 'Remove participants from a group' },
  { action: 'promote', operationId: 'promoteGroupParticipants', summary: 'Make participants admins' },
  { action: 'demote', operationId: 'demoteGroupParticipants', summary: 'Make admins plain participants' },
];

/** A session's groups: list, get, create, change, participants, invite codes, join and leave. */
export function groupsRoutes(app: App, gateway: Gateway): void {
  app.get(
    '/v1/sessions/:session_id/groups',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'listGroups',
        tags,
        summary: "List a session's groups",
        description:
          'The groups the session is in, as last told by WhatsApp (they are synced on connect and kept current by its notifications), by id; `include_left=true` adds those it left or was removed from. Page with `starting_after` = the last group id.',
        security,
        params,
        querystring: Type.Object(
          {
            ...ListQuery.properties,
            include_left: Type.Optional(Type.Boolean({ default: false })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ListOf(Type.Ref(Group)), ...errorResponses },
      },
    },
    async (request) => {
      const result = await gateway.groups.list(principalOf(request), request.params.session_id, {
        ...page(request.query),
        includeLeft: request.query.include_left,
      });
      return { data: result.data.map(wireGroups.group), has_more: result.hasMore };
    },
  );

  app.get(
    '/v1/sessions/:session_id/groups/:group_id',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'getGroup',
        tags,
        summary: 'Get a group with its participants and their roles',
        description:
          'A group the session has not stored yet is asked of WhatsApp when the session is connected; GROUP_NOT_FOUND when it is not in it.',
        security,
        params: groupParams,
        response: { 200: Type.Ref(Group), ...errorResponses },
      },
    },
    async (request) =>
      wireGroups.group(
        await gateway.groups.get(principalOf(request), request.params.session_id, request.params.group_id),
      ),
  );

  app.post(
    '/v1/sessions/:session_id/groups',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'createGroup',
        tags,
        summary: 'Create a group',
        description: `The session becomes the group's superadmin; a \`group.joined\` event follows. ${CONNECTED}`,
        security,
        params,
        body: Type.Object(
          {
            subject: Type.String({ minLength: 1, maxLength: SUBJECT_MAX, examples: ['Release team'] }),
            participants: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
              maxItems: PARTICIPANTS_MAX,
              default: [],
              examples: [['+447700900123']],
            }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(Group), ...errorResponses },
      },
    },
    async (request, reply) => {
      const group = await gateway.groups.create(principalOf(request), request.params.session_id, {
        subject: request.body.subject,
        participants: request.body.participants ?? [],
      });
      return reply.code(201).send(wireGroups.group(group));
    },
  );

  app.patch(
    '/v1/sessions/:session_id/groups/:group_id',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'updateGroup',
        tags,
        summary: "Change a group's subject, description or settings",
        description: `\`announce\`: only admins send; \`locked\`: only admins change the subject, description and picture. A \`group.updated\` event follows. ${CONNECTED}`,
        security,
        params: groupParams,
        body: Type.Object(
          {
            subject: Type.Optional(Type.String({ minLength: 1, maxLength: SUBJECT_MAX })),
            description: Type.Optional(
              Type.Union([Type.String({ maxLength: DESCRIPTION_MAX }), Type.Null()], {
                description: 'null or an empty string removes it.',
              }),
            ),
            announce: Type.Optional(Type.Boolean()),
            locked: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Ref(Group), ...errorResponses },
      },
    },
    async (request) =>
      wireGroups.group(
        await gateway.groups.update(
          principalOf(request),
          request.params.session_id,
          request.params.group_id,
          request.body,
        ),
      ),
  );

  app.post(
    '/v1/sessions/:session_id/groups/:group_id/picture',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'setGroupPicture',
        tags,
        summary: "Set or remove a group's picture",
        description: `\`media_id\`: an uploaded JPEG or PNG (\`POST /v1/media\`); null removes the picture. A \`group.updated\` event with \`changed: ["picture"]\` follows. ${CONNECTED}`,
        security,
        params: groupParams,
        body: Type.Object(
          { media_id: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(Group), ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const picture =
        request.body.media_id === null
          ? null
          : await gateway.media.imageBytes(principal, request.body.media_id, 'media_id');
      return wireGroups.group(
        await gateway.groups.setPicture(
          principal,
          request.params.session_id,
          request.params.group_id,
          picture,
        ),
      );
    },
  );

  for (const { action, operationId, summary } of ACTIONS) {
    app.post(
      `/v1/sessions/:session_id/groups/:group_id/participants/${action}`,
      {
        config: { action: 'messages:send' },
        schema: {
          operationId,
          tags,
          summary,
          description: `One result per distinct number, in order (\`error\` null when done); a \`group.participants\` event follows for those done. ${CONNECTED}`,
          security,
          params: groupParams,
          body: Type.Object({ participants: Phones }, { additionalProperties: false }),
          response: {
            200: Type.Object({ data: Type.Array(Type.Ref(GroupParticipantResult)), group: Type.Ref(Group) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { results, group } = await gateway.groups.participants(
          principalOf(request),
          request.params.session_id,
          request.params.group_id,
          action,
          request.body.participants,
        );
        return { data: results, group: wireGroups.group(group) };
      },
    );
  }

  app.get(
    '/v1/sessions/:session_id/groups/:group_id/invite',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'getGroupInvite',
        tags,
        summary: "Get a group's invite link",
        description: CONNECTED,
        security,
        params: groupParams,
        response: { 200: Type.Ref(GroupInviteCode), ...errorResponses },
      },
    },
    async (request) =>
      gateway.groups.inviteCode(
        principalOf(request),
        request.params.session_id,
        request.params.group_id,
        false,
      ),
  );

  app.post(
    '/v1/sessions/:session_id/groups/:group_id/invite/revoke',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'revokeGroupInvite',
        tags,
        summary: "Revoke a group's invite link and get a new one",
        description: `The old code stops working. ${CONNECTED}`,
        security,
        params: groupParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: Type.Ref(GroupInviteCode), ...errorResponses },
      },
    },
    async (request) =>
      gateway.groups.inviteCode(
        principalOf(request),
        request.params.session_id,
        request.params.group_id,
        true,
      ),
  );

  app.post(
    '/v1/sessions/:session_id/groups/join',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'joinGroup',
        tags,
        summary: 'Join a group by an invite code or link',
        description: `GROUP_INVITE_INVALID when WhatsApp refuses the code. A \`group.joined\` event follows. ${CONNECTED}`,
        security,
        params,
        body: Type.Object(
          {
            code: Type.String({
              minLength: 1,
              maxLength: 200,
              description: 'The code, or the whole https://chat.whatsapp.com/… link.',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(Group), ...errorResponses },
      },
    },
    async (request) =>
      wireGroups.group(
        await gateway.groups.join(principalOf(request), request.params.session_id, request.body.code),
      ),
  );

  app.post(
    '/v1/sessions/:session_id/groups/:group_id/leave',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'leaveGroup',
        tags,
        summary: 'Leave a group',
        description: `The group stays readable with \`left_at\` set; a \`group.participants\` event (removed) follows. ${CONNECTED}`,
        security,
        params: groupParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: Type.Ref(Group), ...errorResponses },
      },
    },
    async (request) =>
      wireGroups.group(
        await gateway.groups.leave(principalOf(request), request.params.session_id, request.params.group_id),
      ),
  );
}

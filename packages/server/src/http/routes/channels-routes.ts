import { Type } from '@sinclair/typebox';
import { CHANNEL_DESCRIPTION_MAX, CHANNEL_NAME_MAX } from '../../domain/channel-types.js';
import { wireChannel } from '../../domain/wire-channels.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { Channel } from '../schemas/channels-schemas.js';
import { errorResponses, ListOf, ListQuery } from '../schemas/common.js';
import { type App, page, security } from './types.js';

const tags = ['channels'];
const params = Type.Object({ session_id: Type.String() });
const channelParams = Type.Object({
  session_id: Type.String(),
  channel: Type.String({
    minLength: 1,
    maxLength: 200,
    description:
      'A channel id (`digits@newsletter`), or its invite code or link (https://whatsapp.com/channel/…).',
  }),
});
const CONNECTED =
  'Asked of WhatsApp through the connected session (SESSION_NOT_CONNECTED otherwise; CAPABILITY_NOT_SUPPORTED when its engine cannot); CHANNEL_NOT_FOUND when there is no such channel.';

/** A session's channels: the followed and owned ones, lookups, create, follow and unfollow. */
export function channelsRoutes(app: App, gateway: Gateway): void {
  const { channels } = gateway;

  app.get(
    '/v1/sessions/:session_id/channels',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'listChannels',
        tags,
        summary: 'The channels the session follows or owns',
        description:
          'As stored when the session followed, created or read them through the API, by id (page with `starting_after` = the last id). WhatsApp gives no list of followed channels to a linked device, so channels followed on the phone show once read here.',
        security,
        params,
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(Channel)), ...errorResponses },
      },
    },
    async (request) => {
      const result = await channels.list(
        principalOf(request),
        request.params.session_id,
        page(request.query),
      );
      return { data: result.data.map(wireChannel), has_more: result.hasMore };
    },
  );

  app.get(
    '/v1/sessions/:session_id/channels/:channel',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'getChannel',
        tags,
        summary: 'Get a channel by id or link',
        description: CONNECTED,
        security,
        params: channelParams,
        response: { 200: Type.Ref(Channel), ...errorResponses },
      },
    },
    async (request) => {
      const { session_id: id, channel } = request.params;
      return wireChannel(await channels.get(principalOf(request), id, channel));
    },
  );

  app.post(
    '/v1/sessions/:session_id/channels',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'createChannel',
        tags,
        summary: 'Create a channel the session owns',
        description: `Post to it with \`POST /v1/sessions/{id}/messages\` and \`to\` = its id (text, image or video). ${CONNECTED}`,
        security,
        params,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: CHANNEL_NAME_MAX * 2 }),
            description: Type.Optional(Type.String({ maxLength: CHANNEL_DESCRIPTION_MAX * 2 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(Channel), ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await channels.create(principalOf(request), request.params.session_id, request.body);
      return reply.status(201).send(wireChannel(created));
    },
  );

  for (const [action, operationId, summary] of [
    ['follow', 'followChannel', 'Follow a channel'],
    ['unfollow', 'unfollowChannel', 'Stop following a channel'],
  ] as const) {
    app.post(
      `/v1/sessions/:session_id/channels/:channel/${action}`,
      {
        config: { action: 'messages:send' },
        schema: {
          operationId,
          tags,
          summary,
          description: `Answers the channel with its role now. ${CONNECTED}`,
          security,
          params: channelParams,
          response: { 200: Type.Ref(Channel), ...errorResponses },
        },
      },
      async (request) => {
        const { session_id: id, channel } = request.params;
        return wireChannel(await channels.follow(principalOf(request), id, channel, action === 'follow'));
      },
    );
  }
}

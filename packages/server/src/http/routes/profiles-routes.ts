import { Type } from '@sinclair/typebox';
import { OWN_PRESENCES } from '../../domain/profile-types.js';
import { wireProfiles } from '../../domain/wire-profiles.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { Identity } from '../schemas/groups-schemas.js';
import { ContactProfile, SessionProfile, SessionProfileUpdate } from '../schemas/profile-schemas.js';
import { type App, security } from './types.js';

const tags = ['profiles'];
const params = Type.Object({ session_id: Type.String() });
const contactParams = Type.Object({
  session_id: Type.String(),
  contact: Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'A phone number or a LID (`digits@lid`).',
  }),
});
const CONNECTED =
  'Asked of WhatsApp through the connected session (SESSION_NOT_CONNECTED otherwise; CAPABILITY_NOT_SUPPORTED when its engine cannot). Nothing is stored.';

/** The session's own profile and presence; contacts' profiles and presence subscriptions. */
export function profilesRoutes(app: App, gateway: Gateway): void {
  const { profiles } = gateway;

  app.get(
    '/v1/sessions/:session_id/profile',
    {
      config: { action: 'sessions:read' },
      schema: {
        operationId: 'getSessionProfile',
        tags,
        summary: "The session's own profile",
        description: `The account's push name, about and picture. ${CONNECTED}`,
        security,
        params,
        response: { 200: Type.Ref(SessionProfile), ...errorResponses },
      },
    },
    async (request) => {
      const id = request.params.session_id;
      return wireProfiles.own(id, await profiles.own(principalOf(request), id));
    },
  );

  app.patch(
    '/v1/sessions/:session_id/profile',
    {
      config: { action: 'sessions:manage' },
      schema: {
        operationId: 'updateSessionProfile',
        tags,
        summary: "Change the session's name or about",
        description: `\`name\`: the push name, 1 to 25 characters; \`about\`: up to 139 (empty clears it). Answers the profile as it now is. ${CONNECTED}`,
        security,
        params,
        body: SessionProfileUpdate,
        response: { 200: Type.Ref(SessionProfile), ...errorResponses },
      },
    },
    async (request) => {
      const id = request.params.session_id;
      const { name, about } = request.body;
      return wireProfiles.own(id, await profiles.updateOwn(principalOf(request), id, { name, about }));
    },
  );

  app.post(
    '/v1/sessions/:session_id/profile/picture',
    {
      config: { action: 'sessions:manage' },
      schema: {
        operationId: 'setSessionProfilePicture',
        tags,
        summary: "Set or remove the session's picture",
        description: `\`media_id\`: an uploaded JPEG or PNG (\`POST /v1/media\`); null removes the picture. ${CONNECTED}`,
        security,
        params,
        body: Type.Object(
          { media_id: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(SessionProfile), ...errorResponses },
      },
    },
    async (request) => {
      const id = request.params.session_id;
      return wireProfiles.own(
        id,
        await profiles.setOwnPicture(principalOf(request), id, request.body.media_id),
      );
    },
  );

  app.post(
    '/v1/sessions/:session_id/presence',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'setSessionPresence',
        tags,
        summary: 'Show the session online or offline',
        description: `\`available\` shows the account online to its contacts (and makes WhatsApp send it their presence); \`unavailable\` offline. ${CONNECTED}`,
        security,
        params,
        body: Type.Object(
          { presence: Type.Union(OWN_PRESENCES.map((p) => Type.Literal(p))) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            { session_id: Type.String(), presence: Type.String() },
            { additionalProperties: false },
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const id = request.params.session_id;
      return {
        session_id: id,
        presence: await profiles.setPresence(principalOf(request), id, request.body.presence),
      };
    },
  );

  app.post(
    '/v1/sessions/:session_id/contacts/:contact/presence/subscribe',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'subscribeContactPresence',
        tags,
        summary: "Subscribe to a contact's presence",
        description: `WhatsApp then tells the session when the contact goes online or offline (with its last seen, when it shares it) or types: each as a \`presence.updated\` event. A subscription lasts while the session is connected; subscribe again after it reconnects. ${CONNECTED}`,
        security,
        params: contactParams,
        response: {
          200: Type.Object(
            { session_id: Type.String(), subscribed: Type.Literal(true), contact: Type.Ref(Identity) },
            { additionalProperties: false },
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { session_id: id, contact } = request.params;
      const who = await profiles.subscribePresence(principalOf(request), id, contact);
      return { session_id: id, subscribed: true as const, contact: who };
    },
  );

  app.get(
    '/v1/sessions/:session_id/contacts/:contact/profile',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'getContactProfile',
        tags,
        summary: "A contact's about and picture",
        description: `What the contact shows this account (its privacy settings may hide either: null). NOT_ON_WHATSAPP for a number without WhatsApp. ${CONNECTED}`,
        security,
        params: contactParams,
        response: { 200: Type.Ref(ContactProfile), ...errorResponses },
      },
    },
    async (request) => {
      const { session_id: id, contact } = request.params;
      return wireProfiles.contact(id, await profiles.contactProfile(principalOf(request), id, contact));
    },
  );
}

import { Type } from '@sinclair/typebox';
import { CHECK_MAX } from '../../domain/contacts-service.js';
import { wireContacts } from '../../domain/wire-contacts.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses, ListOf, ListQuery } from '../schemas/common.js';
import { Contact, NumberCheck } from '../schemas/contacts-schemas.js';
import { type App, page, security } from './types.js';

const tags = ['contacts'];

const params = Type.Object({ session_id: Type.String() });
const contactParams = Type.Object({
  session_id: Type.String(),
  contact: Type.String({
    minLength: 1,
    maxLength: 40,
    description: 'A phone number (international format, e.g. +447700900123) or a LID (`…@lid`).',
  }),
});

const CONNECTED =
  'The session must be connected (SESSION_NOT_CONNECTED otherwise; with several servers, on the one that runs it); CAPABILITY_NOT_SUPPORTED when its engine cannot do this.';

/** A session's contacts: list, get, check numbers, block and unblock. */
export function contactsRoutes(app: App, gateway: Gateway): void {
  app.get(
    '/v1/sessions/:session_id/contacts',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'listContacts',
        tags,
        summary: "List a session's contacts",
        description:
          "Everyone the session knows by phone number or LID: from messages, number checks, WhatsApp's contact sync and blocking. Sorted by id (the phone number, else the LID); page with `starting_after` = the last contact's id. `q` finds a part of the phone number or of the name (any case).",
        security,
        params,
        querystring: Type.Object(
          {
            ...ListQuery.properties,
            q: Type.Optional(
              Type.String({ minLength: 1, maxLength: 100, description: 'Part of a phone number or name.' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ListOf(Type.Ref(Contact)), ...errorResponses },
      },
    },
    async (request) => {
      const result = await gateway.contacts.list(principalOf(request), request.params.session_id, {
        ...page(request.query),
        q: request.query.q,
      });
      return { data: result.data.map(wireContacts.contact), has_more: result.hasMore };
    },
  );

  app.get(
    '/v1/sessions/:session_id/contacts/:contact',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'getContact',
        tags,
        summary: 'Get a contact by phone number or LID',
        description:
          'The phone number is normalised like everywhere else (INVALID_PHONE_NUMBER when it is not one); CONTACT_NOT_FOUND when the session does not know it.',
        security,
        params: contactParams,
        response: { 200: Type.Ref(Contact), ...errorResponses },
      },
    },
    async (request) =>
      wireContacts.contact(
        await gateway.contacts.get(principalOf(request), request.params.session_id, request.params.contact),
      ),
  );

  app.post(
    '/v1/sessions/:session_id/contacts/check',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'checkContacts',
        tags,
        summary: 'Check which phone numbers have WhatsApp',
        description: `Asks WhatsApp about 1 to ${CHECK_MAX} numbers; one answer per distinct number, in order, with its LID when WhatsApp gives it (those are stored as contacts). ${CONNECTED}`,
        security,
        params,
        body: Type.Object(
          {
            phones: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
              minItems: 1,
              maxItems: CHECK_MAX,
              examples: [['+447700900123', '+14155550100']],
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(Type.Ref(NumberCheck)) }), ...errorResponses },
      },
    },
    async (request) => {
      const results = await gateway.contacts.check(
        principalOf(request),
        request.params.session_id,
        request.body.phones,
      );
      return { data: results.map((r) => ({ phone: r.phone, on_whatsapp: r.onWhatsApp, lid: r.lid })) };
    },
  );

  for (const [action, blocked] of [
    ['block', true],
    ['unblock', false],
  ] as const) {
    app.post(
      `/v1/sessions/:session_id/contacts/:contact/${action}`,
      {
        config: { action: 'messages:send' },
        schema: {
          operationId: blocked ? 'blockContact' : 'unblockContact',
          tags,
          summary: blocked ? 'Block a contact' : 'Unblock a contact',
          description: blocked
            ? `WhatsApp stops delivering the contact's messages and calls to this account; the contact shows \`blocked: true\`. A number the session did not know becomes a contact. ${CONNECTED}`
            : `The contact can reach this account again; it shows \`blocked: false\`. ${CONNECTED}`,
          security,
          params: contactParams,
          response: { 200: Type.Ref(Contact), ...errorResponses },
        },
      },
      async (request) =>
        wireContacts.contact(
          await gateway.contacts.setBlocked(
            principalOf(request),
            request.params.session_id,
            request.params.contact,
            blocked,
          ),
        ),
    );
  }
}

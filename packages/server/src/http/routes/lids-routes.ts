import { Type } from '@sinclair/typebox';
import { wireContacts } from '../../domain/wire-contacts.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses, ListOf, ListQuery } from '../schemas/common.js';
import { LidMapping } from '../schemas/contacts-schemas.js';
import { type App, page, security } from './types.js';

const tags = ['contacts'];

/** A session's LID ↔ phone number mappings: list, by LID, by phone number. */
export function lidsRoutes(app: App, gateway: Gateway): void {
  app.get(
    '/v1/sessions/:session_id/lids',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'listLids',
        tags,
        summary: "List a session's LID ↔ phone number mappings",
        description:
          'WhatsApp addresses people by LID (an opaque id) as well as by phone number; these are the pairs the session learned. Sorted by LID; page with `starting_after` = the last LID.',
        security,
        params: Type.Object({ session_id: Type.String() }),
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(LidMapping)), ...errorResponses },
      },
    },
    async (request) => {
      const result = await gateway.contacts.mappings(
        principalOf(request),
        request.params.session_id,
        page(request.query),
      );
      return { data: result.data.map(wireContacts.mapping), has_more: result.hasMore };
    },
  );

  app.get(
    '/v1/sessions/:session_id/lids/pn/:phone',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'getLidByPhone',
        tags,
        summary: 'Get the LID of a phone number',
        description: 'LID_NOT_FOUND when the session knows no LID for the number.',
        security,
        params: Type.Object({
          session_id: Type.String(),
          phone: Type.String({ minLength: 1, maxLength: 40 }),
        }),
        response: { 200: Type.Ref(LidMapping), ...errorResponses },
      },
    },
    async (request) =>
      wireContacts.mapping(
        await gateway.contacts.mapping(
          principalOf(request),
          request.params.session_id,
          'phone',
          request.params.phone,
        ),
      ),
  );

  app.get(
    '/v1/sessions/:session_id/lids/:lid',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'getLid',
        tags,
        summary: 'Get the phone number of a LID',
        description: 'LID_NOT_FOUND when the session knows no phone number for the LID.',
        security,
        params: Type.Object({ session_id: Type.String(), lid: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: { 200: Type.Ref(LidMapping), ...errorResponses },
      },
    },
    async (request) =>
      wireContacts.mapping(
        await gateway.contacts.mapping(
          principalOf(request),
          request.params.session_id,
          'lid',
          request.params.lid,
        ),
      ),
  );
}

import { Type } from '@sinclair/typebox';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { ErrorResponse, errorResponses } from '../schemas/common.js';
import { type App, security } from './types.js';

const PairingCode = Type.Object(
  {
    code: Type.String({
      description: 'Type it into the phone: WhatsApp → Linked devices → Link with phone number instead.',
      examples: ['ABCD1234'],
    }),
  },
  { $id: 'PairingCode' },
);

export function pairingCodeRoutes(app: App, gateway: Gateway): void {
  app.post(
    '/v1/sessions/:session_id/pairing-code',
    {
      config: { action: 'sessions:manage' },
      schema: {
        operationId: 'requestPairingCode',
        tags: ['sessions'],
        summary: 'Pair by phone number: get a code to type into the phone (engines with pairing codes)',
        description:
          'Instead of scanning the QR code, link the account by typing this code on the phone. The session must be scan_qr. Sandbox sessions answer CAPABILITY_NOT_SUPPORTED.',
        security,
        params: Type.Object({ session_id: Type.String() }),
        body: Type.Object(
          {
            phone: Type.String({
              description: 'The number of the account to link, E.164.',
              examples: ['+14155550000'],
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: PairingCode,
          ...errorResponses,
          409: Type.Ref(ErrorResponse, {
            description: 'CAPABILITY_NOT_SUPPORTED, or the session is not scan_qr (SESSION_STATE_CONFLICT).',
          }),
        },
      },
    },
    async (request) =>
      gateway.sessions.pairingCode(principalOf(request), request.params.session_id, request.body.phone),
  );
}

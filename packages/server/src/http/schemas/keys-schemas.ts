import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp } from './common.js';

export const AuditEntry = Type.Object(
  {
    id: Type.String({ examples: ['aud_0A1b2C3d4E5f6G7h8I9j0K1l'] }),
    tenant_id: Nullable(Type.String()),
    actor: Type.Object({
      type: Type.Union([Type.Literal('user'), Type.Literal('api_key'), Type.Literal('system')]),
      id: Nullable(Type.String({ description: 'The user or API key; null for the system.' })),
    }),
    action: Type.String({ examples: ['api_key.rotated'] }),
    target: Nullable(Type.Object({ type: Type.String(), id: Nullable(Type.String()) })),
    ip: Nullable(Type.String()),
    request_id: Nullable(Type.String()),
    details: Type.Object({}, { additionalProperties: true }),
    created_at: Timestamp,
  },
  { $id: 'AuditEntry' },
);

/** The keys engineer's shared schemas (registered through `sharedSchemas`). */
export const keysSchemas = [AuditEntry];

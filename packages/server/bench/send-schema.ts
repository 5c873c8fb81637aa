/**
 * The send endpoint's body schema as plain JSON Schema (the same constraints as the route's
 * TypeBox `SendText`), and the message object it answers with, for the comparison routes.
 */
export const SEND_BODY_SCHEMA = {
  type: 'object',
  required: ['type', 'to', 'text'],
  additionalProperties: false,
  properties: {
    type: { const: 'text' },
    to: { type: 'string', minLength: 1, maxLength: 32 },
    text: { type: 'string', minLength: 1, maxLength: 65536 },
  },
} as const;

const nullableString = { type: ['string', 'null'] } as const;

export const MESSAGE_RESPONSE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    session_id: { type: 'string' },
    direction: { type: 'string' },
    type: { type: 'string' },
    to: nullableString,
    from: nullableString,
    to_lid: nullableString,
    from_lid: nullableString,
    text: { type: 'string' },
    status: { type: 'string' },
    error: { type: ['object', 'null'] },
    wa_message_id: nullableString,
    created_at: { type: 'string' },
    sent_at: nullableString,
    delivered_at: nullableString,
    read_at: nullableString,
    failed_at: nullableString,
  },
} as const;

import type { EventType } from '../../domain/types.js';

/**
 * One realistic webhook body per event type, fixed (ids, times) so the docs and generated files are
 * stable. `POST /v1/event-types/{type}/trigger` and webhook-sim derive fresh events from these.
 */
const AT = '2026-11-22T10:00:00.000Z';
const SESSION = 'ses_3kTMd9ZxQv7LpB2nR8sW4yHc';
/** Fictional numbers: NANP 555-01xx for the session, Ofcom's drama range for the contact. */
const SESSION_PHONE = '+14155550100';
const CONTACT_PHONE = '+447700900123';
const CONTACT_LID = '112233445566778@lid';

const outbound = {
  id: 'msg_7fGh2JkLmN4pQrS6tUvW8xYz',
  session_id: SESSION,
  direction: 'outbound',
  type: 'text',
  to: CONTACT_PHONE,
  from: SESSION_PHONE,
  to_lid: CONTACT_LID,
  from_lid: null,
  text: 'Your order #1042 has shipped 📦',
  mentions: [],
  media: null,
  location: null,
  contacts: null,
  poll: null,
  reaction: null,
  reply_to: null,
  status: 'sent',
  error: null,
  wa_message_id: '3EB0C767D26A1D8E4F3A21B0',
  created_at: '2026-11-22T09:59:57.000Z',
  sent_at: '2026-11-22T09:59:58.000Z',
  delivered_at: null,
  read_at: null,
  failed_at: null,
};

const event = (id: string, type: EventType, sequence: number, data: Record<string, unknown>) => ({
  id,
  type,
  timestamp: AT,
  session_id: type.startsWith('webhook.') ? null : SESSION,
  sequence,
  data,
});

export const eventExamples: { [K in EventType]: Record<string, unknown> } = {
  'session.status': event('evt_1aB2cD3eF4gH5iJ6kL7mN8oP', 'session.status', 1, {
    session_id: SESSION,
    status: 'connected',
    previous_status: 'scan_qr',
    reason: null,
    phone: SESSION_PHONE,
  }),
  'message.sent': event('evt_2bC3dE4fG5hI6jK7lM8nO9pQ', 'message.sent', 2, {
    ...outbound,
    sent_at: AT,
  }),
  'message.delivered': event('evt_3cD4eF5gH6iJ7kL8mN9oP0qR', 'message.delivered', 3, {
    ...outbound,
    status: 'delivered',
    delivered_at: AT,
  }),
  'message.read': event('evt_4dE5fG6hI7jK8lM9nO0pQ1rS', 'message.read', 4, {
    ...outbound,
    status: 'read',
    delivered_at: '2026-11-22T09:59:59.000Z',
    read_at: AT,
  }),
  'message.failed': event('evt_5eF6gH7iJ8kL9mN0oP1qR2sT', 'message.failed', 5, {
    ...outbound,
    id: 'msg_8gHi3KlMnO5qRsT7uVwX9yZa',
    to: '+14155550199',
    to_lid: null,
    status: 'failed',
    error: { code: 'WA_463', message: 'WhatsApp refused the message (463)' },
    wa_message_id: null,
    sent_at: null,
    failed_at: AT,
  }),
  'message.received': event('evt_6fG7hI8jK9lM0nO1pQ2rS3tU', 'message.received', 6, {
    ...outbound,
    id: 'msg_9hIj4LmNoP6rStU8vWxY0zAb',
    direction: 'inbound',
    to: SESSION_PHONE,
    from: CONTACT_PHONE,
    to_lid: null,
    from_lid: CONTACT_LID,
    text: 'Thanks! When will it arrive?',
    status: 'received',
    wa_message_id: '3EB0A1B2C3D4E5F60718293A',
    created_at: AT,
    sent_at: null,
  }),
  'message.reaction': event('evt_9iJ0kL1mN2oP3qR4sT5uV6wX', 'message.reaction', 7, {
    ...outbound,
    id: 'msg_0aBc5DeFgH7iJkL9mNoP1qRs',
    direction: 'inbound',
    type: 'reaction',
    to: SESSION_PHONE,
    from: CONTACT_PHONE,
    to_lid: null,
    from_lid: CONTACT_LID,
    text: null,
    reaction: {
      target: {
        message_id: outbound.id,
        wa_message_id: outbound.wa_message_id,
        from_me: true,
        text: outbound.text,
      },
      emoji: '👍',
    },
    status: 'received',
    wa_message_id: '3EB0B2C3D4E5F60718293A4B',
    created_at: AT,
    sent_at: null,
  }),
  'webhook.endpoint_disabled': event('evt_7gH8iJ9kL0mN1oP2qR3sT4uV', 'webhook.endpoint_disabled', 0, {
    endpoint_id: 'whk_4mNb7VcXz2LkJh5GfDs8AqWe',
    url: 'https://example.com/hooks/wagw',
    reason: 'failing',
    failing_since: '2026-11-17T09:58:12.000Z',
    disabled_at: AT,
  }),
  'webhook.test': event('evt_8hI9jK0lM1nO2pQ3rS4tU5vW', 'webhook.test', 0, {
    endpoint_id: 'whk_4mNb7VcXz2LkJh5GfDs8AqWe',
    message: 'A test event from wagw.',
  }),
};

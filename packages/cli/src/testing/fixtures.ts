import {
  AuthenticationError,
  ConflictError,
  type Event,
  type Message,
  type Session,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '@wagw/sdk';

const T = '2026-11-22T10:00:00.000Z';

export function session(overrides: Partial<Session> = {}): Session {
  return {
    id: 'ses_1',
    mode: 'live',
    name: 'support',
    engine: 'sandbox',
    status: 'connected',
    status_changed_at: T,
    status_reason: null,
    phone: '+15550001111',
    auto_pair: false,
    created_at: T,
    updated_at: T,
    ...overrides,
  };
}

export function message(overrides: Partial<Message> = {}): Message {
  return {
    id: 'msg_1',
    session_id: 'ses_1',
    direction: 'outbound',
    type: 'text',
    to: '+15551234567',
    from: null,
    to_lid: null,
    from_lid: null,
    text: 'Hello',
    mentions: [],
    media: null,
    location: null,
    contacts: null,
    poll: null,
    reaction: null,
    edit: null,
    revoke: null,
    poll_vote: null,
    reply_to: null,
    forwarded: false,
    edited_at: null,
    revoked_at: null,
    send_at: null,
    cancelled_at: null,
    status: 'queued',
    error: null,
    wa_message_id: null,
    created_at: T,
    sent_at: null,
    delivered_at: null,
    read_at: null,
    failed_at: null,
    ...overrides,
  };
}

export function event(overrides: Partial<Event> = {}): Event {
  return {
    id: 'evt_1',
    type: 'message.sent',
    session_id: 'ses_1',
    sequence: 1,
    created_at: T,
    data: { id: 'msg_1', status: 'sent' },
    ...overrides,
  } as Event;
}

export function webhookEndpoint(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id: 'whk_1',
    mode: 'live',
    url: 'https://example.com/hooks',
    events: ['*'],
    description: null,
    enabled: true,
    retry_schedule: null,
    disable_after_seconds: null,
    failing_since: null,
    disabled_reason: null,
    disabled_at: null,
    previous_secret_expires_at: null,
    created_at: T,
    updated_at: T,
    ...overrides,
  };
}

export function delivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: 'whd_1',
    endpoint_id: 'whk_1',
    event_id: 'evt_1',
    event_type: 'message.sent',
    status: 'succeeded',
    attempt_count: 1,
    next_attempt_at: null,
    created_at: T,
    attempts: [
      {
        attempt: 1,
        request_headers: { 'webhook-id': 'evt_1' },
        status_code: 200,
        response_headers: {},
        duration_ms: 12,
        response_body: 'ok',
        error: null,
        created_at: T,
      },
    ],
    ...overrides,
  };
}

/** What list methods resolve to (a `Page` with `data` and `has_more`). */
export function page<T>(data: T[], hasMore = false) {
  return Promise.resolve({ data, has_more: hasMore });
}

export function authError(): AuthenticationError {
  return new AuthenticationError(
    401,
    { code: 'UNAUTHENTICATED', message: 'Invalid API key.', request_id: 'req_123' },
    'Invalid API key.',
    new Headers(),
  );
}

export function qrNotAvailable(): ConflictError {
  return new ConflictError(
    409,
    { code: 'QR_NOT_AVAILABLE', message: 'No QR code right now.', request_id: 'req_9' },
    'No QR code right now.',
    new Headers(),
  );
}

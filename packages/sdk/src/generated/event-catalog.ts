// Generated from packages/server/openapi.json (its `webhooks` section) by `pnpm gen`: do not edit.
import type { EventType, WebhookEventOf } from '../types.js';

/** What each event type means (the server's event catalog). */
export const EVENT_DESCRIPTIONS: { readonly [T in EventType]: string } = {
  "session.status": "A session's status changed (for example `scan_qr` → `connected`, or `connected` → `logged_out`). `data` carries the new and the previous status and, when known, the reason and the paired phone number.",
  "message.sent": "An outbound message reached WhatsApp's servers (one tick). `data` is the message as it was at that moment.",
  "message.delivered": "An outbound message reached the recipient's device (two ticks). `data` is the message as it was at that moment.",
  "message.read": "The recipient read an outbound message (blue ticks; only when they have read receipts on). `data` is the message as it was at that moment.",
  "message.failed": "An outbound message could not be sent and never will be; `data.error` says why. `data` is the message as it was at that moment.",
  "message.received": "A message from a contact arrived in a session. `data` is the message as it was at that moment.",
  "message.reaction": "A contact reacted to a message of the chat (`reaction.target`; `message_id` is ours when the message is in the history), or removed a reaction (`reaction.emoji` is `''`). `data` is the message as it was at that moment.",
  "webhook.endpoint_disabled": "A webhook endpoint was disabled: its deliveries failed continuously for the configured period (`reason: failing`), or it answered 410 Gone (`reason: gone`). Re-enable it with `PATCH /v1/webhooks/{id}`. Delivered to the endpoints that subscribe to it. Not about a session: `session_id` is null.",
  "webhook.test": "A test event, sent by `POST /v1/webhooks/{id}/test` (`wagw webhooks test`) to that one endpoint whatever it subscribes to, to check that it receives and verifies webhooks. It is not recorded: not in `GET /v1/events`, no retries. `session_id` is null and `sequence` 0."
};

/** A realistic webhook body of each event type, with fixed ids and times (the catalog's examples). */
export const EVENT_EXAMPLES: { readonly [T in EventType]: WebhookEventOf<T> } = {
  "session.status": {
    "id": "evt_1aB2cD3eF4gH5iJ6kL7mN8oP",
    "type": "session.status",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 1,
    "data": {
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "status": "connected",
      "previous_status": "scan_qr",
      "reason": null,
      "phone": "+14155550100"
    }
  },
  "message.sent": {
    "id": "evt_2bC3dE4fG5hI6jK7lM8nO9pQ",
    "type": "message.sent",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 2,
    "data": {
      "id": "msg_7fGh2JkLmN4pQrS6tUvW8xYz",
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "direction": "outbound",
      "type": "text",
      "to": "+447700900123",
      "from": "+14155550100",
      "to_lid": "112233445566778@lid",
      "from_lid": null,
      "text": "Your order #1042 has shipped 📦",
      "mentions": [],
      "media": null,
      "location": null,
      "contacts": null,
      "poll": null,
      "reaction": null,
      "reply_to": null,
      "status": "sent",
      "error": null,
      "wa_message_id": "3EB0C767D26A1D8E4F3A21B0",
      "created_at": "2026-11-22T09:59:57.000Z",
      "sent_at": "2026-11-22T10:00:00.000Z",
      "delivered_at": null,
      "read_at": null,
      "failed_at": null
    }
  },
  "message.delivered": {
    "id": "evt_3cD4eF5gH6iJ7kL8mN9oP0qR",
    "type": "message.delivered",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 3,
    "data": {
      "id": "msg_7fGh2JkLmN4pQrS6tUvW8xYz",
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "direction": "outbound",
      "type": "text",
      "to": "+447700900123",
      "from": "+14155550100",
      "to_lid": "112233445566778@lid",
      "from_lid": null,
      "text": "Your order #1042 has shipped 📦",
      "mentions": [],
      "media": null,
      "location": null,
      "contacts": null,
      "poll": null,
      "reaction": null,
      "reply_to": null,
      "status": "delivered",
      "error": null,
      "wa_message_id": "3EB0C767D26A1D8E4F3A21B0",
      "created_at": "2026-11-22T09:59:57.000Z",
      "sent_at": "2026-11-22T09:59:58.000Z",
      "delivered_at": "2026-11-22T10:00:00.000Z",
      "read_at": null,
      "failed_at": null
    }
  },
  "message.read": {
    "id": "evt_4dE5fG6hI7jK8lM9nO0pQ1rS",
    "type": "message.read",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 4,
    "data": {
      "id": "msg_7fGh2JkLmN4pQrS6tUvW8xYz",
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "direction": "outbound",
      "type": "text",
      "to": "+447700900123",
      "from": "+14155550100",
      "to_lid": "112233445566778@lid",
      "from_lid": null,
      "text": "Your order #1042 has shipped 📦",
      "mentions": [],
      "media": null,
      "location": null,
      "contacts": null,
      "poll": null,
      "reaction": null,
      "reply_to": null,
      "status": "read",
      "error": null,
      "wa_message_id": "3EB0C767D26A1D8E4F3A21B0",
      "created_at": "2026-11-22T09:59:57.000Z",
      "sent_at": "2026-11-22T09:59:58.000Z",
      "delivered_at": "2026-11-22T09:59:59.000Z",
      "read_at": "2026-11-22T10:00:00.000Z",
      "failed_at": null
    }
  },
  "message.failed": {
    "id": "evt_5eF6gH7iJ8kL9mN0oP1qR2sT",
    "type": "message.failed",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 5,
    "data": {
      "id": "msg_8gHi3KlMnO5qRsT7uVwX9yZa",
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "direction": "outbound",
      "type": "text",
      "to": "+14155550199",
      "from": "+14155550100",
      "to_lid": null,
      "from_lid": null,
      "text": "Your order #1042 has shipped 📦",
      "mentions": [],
      "media": null,
      "location": null,
      "contacts": null,
      "poll": null,
      "reaction": null,
      "reply_to": null,
      "status": "failed",
      "error": {
        "code": "WA_463",
        "message": "WhatsApp refused the message (463)"
      },
      "wa_message_id": null,
      "created_at": "2026-11-22T09:59:57.000Z",
      "sent_at": null,
      "delivered_at": null,
      "read_at": null,
      "failed_at": "2026-11-22T10:00:00.000Z"
    }
  },
  "message.received": {
    "id": "evt_6fG7hI8jK9lM0nO1pQ2rS3tU",
    "type": "message.received",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 6,
    "data": {
      "id": "msg_9hIj4LmNoP6rStU8vWxY0zAb",
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "direction": "inbound",
      "type": "text",
      "to": "+14155550100",
      "from": "+447700900123",
      "to_lid": null,
      "from_lid": "112233445566778@lid",
      "text": "Thanks! When will it arrive?",
      "mentions": [],
      "media": null,
      "location": null,
      "contacts": null,
      "poll": null,
      "reaction": null,
      "reply_to": null,
      "status": "received",
      "error": null,
      "wa_message_id": "3EB0A1B2C3D4E5F60718293A",
      "created_at": "2026-11-22T10:00:00.000Z",
      "sent_at": null,
      "delivered_at": null,
      "read_at": null,
      "failed_at": null
    }
  },
  "message.reaction": {
    "id": "evt_9iJ0kL1mN2oP3qR4sT5uV6wX",
    "type": "message.reaction",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 7,
    "data": {
      "id": "msg_0aBc5DeFgH7iJkL9mNoP1qRs",
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "direction": "inbound",
      "type": "reaction",
      "to": "+14155550100",
      "from": "+447700900123",
      "to_lid": null,
      "from_lid": "112233445566778@lid",
      "text": null,
      "mentions": [],
      "media": null,
      "location": null,
      "contacts": null,
      "poll": null,
      "reaction": {
        "target": {
          "message_id": "msg_7fGh2JkLmN4pQrS6tUvW8xYz",
          "wa_message_id": "3EB0C767D26A1D8E4F3A21B0",
          "from_me": true,
          "text": "Your order #1042 has shipped 📦"
        },
        "emoji": "👍"
      },
      "reply_to": null,
      "status": "received",
      "error": null,
      "wa_message_id": "3EB0B2C3D4E5F60718293A4B",
      "created_at": "2026-11-22T10:00:00.000Z",
      "sent_at": null,
      "delivered_at": null,
      "read_at": null,
      "failed_at": null
    }
  },
  "webhook.endpoint_disabled": {
    "id": "evt_7gH8iJ9kL0mN1oP2qR3sT4uV",
    "type": "webhook.endpoint_disabled",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": null,
    "sequence": 0,
    "data": {
      "endpoint_id": "whk_4mNb7VcXz2LkJh5GfDs8AqWe",
      "url": "https://example.com/hooks/wagw",
      "reason": "failing",
      "failing_since": "2026-11-17T09:58:12.000Z",
      "disabled_at": "2026-11-22T10:00:00.000Z"
    }
  },
  "webhook.test": {
    "id": "evt_8hI9jK0lM1nO2pQ3rS4tU5vW",
    "type": "webhook.test",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": null,
    "sequence": 0,
    "data": {
      "endpoint_id": "whk_4mNb7VcXz2LkJh5GfDs8AqWe",
      "message": "A test event from wagw."
    }
  }
};

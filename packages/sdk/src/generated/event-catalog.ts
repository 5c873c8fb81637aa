// Generated from packages/server/openapi.json (its `webhooks` section) by `pnpm gen`: do not edit.
import type { EventType, WebhookEventOf } from '../types.js';

/** What each event type means (the server's event catalog). */
export const EVENT_DESCRIPTIONS: { readonly [T in EventType]: string } = {
  "session.status": "A session's status changed (for example `scan_qr` → `connected`, or `connected` → `logged_out`). `data` carries the new and the previous status and, when known, the reason and the paired phone number.",
  "session.rate_limited": "WhatsApp limited the account, or lifted the limit. With `reason: reach_out_timelock` WhatsApp refused a message to a new chat (error 463): the session holds its sends to numbers it has no chat with (`scope: new_chats`) until `until`, sends to open chats go on, and the refused message is sent again when the limit lifts (`active: false`, a second event). Nothing held is lost.",
  "message.sent": "An outbound message reached WhatsApp's servers (one tick). `data` is the message as it was at that moment.",
  "message.delivered": "An outbound message reached the recipient's device (two ticks). `data` is the message as it was at that moment.",
  "message.read": "The recipient read an outbound message (blue ticks; only when they have read receipts on). `data` is the message as it was at that moment.",
  "message.receipt": "A member of a group received (`delivered`), read or played a message the session sent to the group. One event per member and receipt; the message's own status (and its `message.delivered` and `message.read` events) follows the first member's receipt.",
  "message.failed": "An outbound message could not be sent and never will be; `data.error` says why. `data` is the message as it was at that moment.",
  "message.cancelled": "A scheduled or queued message was cancelled before it was sent (`POST /v1/messages/{id}/cancel`); it never will be. `data` is the message as it was at that moment.",
  "message.received": "A message from a contact arrived in a session. `data` is the message as it was at that moment.",
  "message.reaction": "A contact reacted to a message of the chat (`reaction.target`; `message_id` is ours when the message is in the history), or removed a reaction (`reaction.emoji` is `''`). `data` is the message as it was at that moment.",
  "message.edited": "A contact edited a message they sent (`edit.target`; `edit.text` is its new text or caption). The message in the history has the new text and `edited_at`. Our own edits are messages of type `edit` with the usual status events. `data` is the message as it was at that moment.",
  "message.revoked": "A contact deleted a message they sent for everyone (`revoke.target`). The message stays in the history with `revoked_at`. Our own deletions are messages of type `revoke` with the usual status events. `data` is the message as it was at that moment.",
  "poll.vote": "A contact voted on a poll (`poll_vote.target`), or changed their vote: `poll_vote.options` are the options they now have picked, `[]` when they withdrew it. `data` is the message as it was at that moment.",
  "contact.updated": "What the session knows about a contact changed: its LID or phone number was learned (from a message, a number check or WhatsApp's contact sync), its name changed, or this session blocked or unblocked it. `data` is the contact as it now is; `changed` names the fields that changed (all known ones for a new contact).",
  "presence.updated": "A contact whose presence the session subscribed to (`POST /v1/sessions/{id}/presence/subscribe`), or who writes in a chat of the session, came online, went offline, started or stopped typing or recording. `last_seen` when the contact shares it.",
  "group.joined": "The session became a member of a group: it created it, joined it by an invite code, or was added (`by`). `data.group` is the group with its participants and settings.",
  "group.updated": "A group's subject, description, picture or settings (`announce`: only admins send; `locked`: only admins edit the group) changed, by the session or another member (`by`). `changed` names what changed; `group` is the group as it now is.",
  "group.participants": "Participants were added to a group, removed (or left), promoted to admin or demoted, by the session or another admin (`by`). When the session itself is removed, `group.left_at` is set.",
  "broadcast.status": "A broadcast's status changed: it started (`running`), was paused (by a request, or by the server with `reason`, e.g. `MESSAGE_QUOTA_EXCEEDED` or `SESSION_LOGGED_OUT`, for a refusal that holds for every later recipient), resumed, `completed` (every recipient queued) or was `cancelled`. `progress` is as in GET /v1/broadcasts/{id} at that moment.",
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
  "session.rate_limited": {
    "id": "evt_1rAtEl1m1tEdS3sS7oN9aBcD",
    "type": "session.rate_limited",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 7,
    "data": {
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "active": true,
      "reason": "reach_out_timelock",
      "scope": "new_chats",
      "until": "2026-11-22T11:00:00.000Z",
      "held": 3
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
      "edit": null,
      "revoke": null,
      "poll_vote": null,
      "reply_to": null,
      "forwarded": false,
      "edited_at": null,
      "revoked_at": null,
      "send_at": null,
      "cancelled_at": null,
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
      "edit": null,
      "revoke": null,
      "poll_vote": null,
      "reply_to": null,
      "forwarded": false,
      "edited_at": null,
      "revoked_at": null,
      "send_at": null,
      "cancelled_at": null,
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
      "edit": null,
      "revoke": null,
      "poll_vote": null,
      "reply_to": null,
      "forwarded": false,
      "edited_at": null,
      "revoked_at": null,
      "send_at": null,
      "cancelled_at": null,
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
  "message.receipt": {
    "id": "evt_4rEcE1pTgR0uPmMbEr5xYz12",
    "type": "message.receipt",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 8,
    "data": {
      "message_id": "msg_7fGh2JkLmN4pQrS6tUvW8xYz",
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "group_id": "120363012345678901@g.us",
      "participant": {
        "phone": "+447700900123",
        "lid": "112233445566778@lid"
      },
      "status": "read",
      "at": "2026-11-22T10:00:00.000Z"
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
      "edit": null,
      "revoke": null,
      "poll_vote": null,
      "reply_to": null,
      "forwarded": false,
      "edited_at": null,
      "revoked_at": null,
      "send_at": null,
      "cancelled_at": null,
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
  "message.cancelled": {
    "id": "evt_0cAnC3lL3dM5gS7hJ9kL1mN3",
    "type": "message.cancelled",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 5,
    "data": {
      "id": "msg_0cAnC3lL3dM5gS7hJ9kL1mN3",
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
      "edit": null,
      "revoke": null,
      "poll_vote": null,
      "reply_to": null,
      "forwarded": false,
      "edited_at": null,
      "revoked_at": null,
      "send_at": "2026-11-23T09:00:00.000Z",
      "cancelled_at": "2026-11-22T10:00:00.000Z",
      "status": "cancelled",
      "error": null,
      "wa_message_id": "3EB0F00D5C4ED01ED0000001",
      "created_at": "2026-11-22T09:59:57.000Z",
      "sent_at": null,
      "delivered_at": null,
      "read_at": null,
      "failed_at": null
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
      "edit": null,
      "revoke": null,
      "poll_vote": null,
      "reply_to": null,
      "forwarded": false,
      "edited_at": null,
      "revoked_at": null,
      "send_at": null,
      "cancelled_at": null,
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
      "edit": null,
      "revoke": null,
      "poll_vote": null,
      "reply_to": null,
      "forwarded": false,
      "edited_at": null,
      "revoked_at": null,
      "send_at": null,
      "cancelled_at": null,
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
  "message.edited": {
    "id": "evt_2aB3cD4eF5gH6iJ7kL8mN9oP",
    "type": "message.edited",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 8,
    "data": {
      "id": "msg_1bCd6EfGhI8jKlM0nOpQ2rSt",
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "direction": "inbound",
      "type": "edit",
      "to": "+14155550100",
      "from": "+447700900123",
      "to_lid": null,
      "from_lid": "112233445566778@lid",
      "text": "Thanks! When will it arrive? (to Leeds)",
      "mentions": [],
      "media": null,
      "location": null,
      "contacts": null,
      "poll": null,
      "reaction": null,
      "edit": {
        "target": {
          "message_id": "msg_8gHi3JkLmN5oPqR7sTuV9wXy",
          "wa_message_id": "3EB0A1B2C3D4E5F60718293A",
          "from_me": false,
          "text": "Thanks! When will it arrive?"
        },
        "text": "Thanks! When will it arrive? (to Leeds)"
      },
      "revoke": null,
      "poll_vote": null,
      "reply_to": null,
      "forwarded": false,
      "edited_at": null,
      "revoked_at": null,
      "send_at": null,
      "cancelled_at": null,
      "status": "received",
      "error": null,
      "wa_message_id": "3EB0C3D4E5F60718293A4B5C",
      "created_at": "2026-11-22T10:00:00.000Z",
      "sent_at": null,
      "delivered_at": null,
      "read_at": null,
      "failed_at": null
    }
  },
  "message.revoked": {
    "id": "evt_3bC4dE5fG6hI7jK8lM9nO0pQ",
    "type": "message.revoked",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 9,
    "data": {
      "id": "msg_2cDe7FgHiJ9kLmN1oPqR3sTu",
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "direction": "inbound",
      "type": "revoke",
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
      "reaction": null,
      "edit": null,
      "revoke": {
        "target": {
          "message_id": "msg_8gHi3JkLmN5oPqR7sTuV9wXy",
          "wa_message_id": "3EB0A1B2C3D4E5F60718293A",
          "from_me": false,
          "text": "Thanks! When will it arrive?"
        }
      },
      "poll_vote": null,
      "reply_to": null,
      "forwarded": false,
      "edited_at": null,
      "revoked_at": null,
      "send_at": null,
      "cancelled_at": null,
      "status": "received",
      "error": null,
      "wa_message_id": "3EB0D4E5F60718293A4B5C6D",
      "created_at": "2026-11-22T10:00:00.000Z",
      "sent_at": null,
      "delivered_at": null,
      "read_at": null,
      "failed_at": null
    }
  },
  "poll.vote": {
    "id": "evt_4cD5eF6gH7iJ8kL9mN0oP1qR",
    "type": "poll.vote",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 10,
    "data": {
      "id": "msg_3dEf8GhIjK0lMnO2pQrS4tUv",
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "direction": "inbound",
      "type": "poll_vote",
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
      "reaction": null,
      "edit": null,
      "revoke": null,
      "poll_vote": {
        "target": {
          "message_id": "msg_5fGh0IjKlM2nOpQ4rStU6vWx",
          "wa_message_id": "3EB0E5F60718293A4B5C6D7E",
          "from_me": true,
          "text": "Which day suits you for delivery?"
        },
        "options": [
          "Tuesday"
        ]
      },
      "reply_to": null,
      "forwarded": false,
      "edited_at": null,
      "revoked_at": null,
      "send_at": null,
      "cancelled_at": null,
      "status": "received",
      "error": null,
      "wa_message_id": "3EB0F60718293A4B5C6D7E8F",
      "created_at": "2026-11-22T10:00:00.000Z",
      "sent_at": null,
      "delivered_at": null,
      "read_at": null,
      "failed_at": null
    }
  },
  "contact.updated": {
    "id": "evt_5dE6fG7hI8jK9lM0nO1pQ2rS",
    "type": "contact.updated",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 11,
    "data": {
      "id": "+447700900123",
      "object": "contact",
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "phone": "+447700900123",
      "lid": "112233445566778@lid",
      "name": "Ada",
      "blocked": false,
      "updated_at": "2026-11-22T10:00:00.000Z",
      "changed": [
        "name"
      ]
    }
  },
  "presence.updated": {
    "id": "evt_9pReS3nCeUpDaTeD0aBcDeF1",
    "type": "presence.updated",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 13,
    "data": {
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "chat_id": "+447700900123",
      "contact": {
        "phone": "+447700900123",
        "lid": "112233445566778@lid"
      },
      "presence": "composing",
      "last_seen": null
    }
  },
  "group.joined": {
    "id": "evt_2gRoUpJo1nEd3aBcDeFgHiJ4",
    "type": "group.joined",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 14,
    "data": {
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "group": {
        "id": "120363012345678901@g.us",
        "object": "group",
        "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
        "subject": "Release team",
        "description": "Shipping notes and on-call",
        "owner": {
          "phone": "+14155550100",
          "lid": null
        },
        "created_at": "2026-11-20T08:00:00.000Z",
        "announce": false,
        "locked": true,
        "participants": [
          {
            "phone": "+14155550100",
            "lid": null,
            "role": "superadmin"
          },
          {
            "phone": "+447700900123",
            "lid": "112233445566778@lid",
            "role": "member"
          }
        ],
        "left_at": null,
        "updated_at": "2026-11-22T10:00:00.000Z"
      },
      "by": null
    }
  },
  "group.updated": {
    "id": "evt_3gRoUpUpDaTeD4aBcDeFgHi5",
    "type": "group.updated",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 15,
    "data": {
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "group_id": "120363012345678901@g.us",
      "changed": [
        "subject"
      ],
      "by": {
        "phone": "+447700900123",
        "lid": "112233445566778@lid"
      },
      "group": {
        "id": "120363012345678901@g.us",
        "object": "group",
        "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
        "subject": "Release team (Dec)",
        "description": "Shipping notes and on-call",
        "owner": {
          "phone": "+14155550100",
          "lid": null
        },
        "created_at": "2026-11-20T08:00:00.000Z",
        "announce": false,
        "locked": true,
        "participants": [
          {
            "phone": "+14155550100",
            "lid": null,
            "role": "superadmin"
          },
          {
            "phone": "+447700900123",
            "lid": "112233445566778@lid",
            "role": "member"
          }
        ],
        "left_at": null,
        "updated_at": "2026-11-22T10:00:00.000Z"
      }
    }
  },
  "group.participants": {
    "id": "evt_4gRoUpPaRtIcIpAnTs5aBc67",
    "type": "group.participants",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 16,
    "data": {
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "group_id": "120363012345678901@g.us",
      "action": "promoted",
      "participants": [
        {
          "phone": "+447700900123",
          "lid": "112233445566778@lid"
        }
      ],
      "by": {
        "phone": "+14155550100",
        "lid": null
      },
      "group": {
        "id": "120363012345678901@g.us",
        "object": "group",
        "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
        "subject": "Release team",
        "description": "Shipping notes and on-call",
        "owner": {
          "phone": "+14155550100",
          "lid": null
        },
        "created_at": "2026-11-20T08:00:00.000Z",
        "announce": false,
        "locked": true,
        "participants": [
          {
            "phone": "+14155550100",
            "lid": null,
            "role": "superadmin"
          },
          {
            "phone": "+447700900123",
            "lid": "112233445566778@lid",
            "role": "admin"
          }
        ],
        "left_at": null,
        "updated_at": "2026-11-22T10:00:00.000Z"
      }
    }
  },
  "broadcast.status": {
    "id": "evt_6bR0aDc4St5tUsPq8RsT9uVw",
    "type": "broadcast.status",
    "timestamp": "2026-11-22T10:00:00.000Z",
    "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
    "sequence": 12,
    "data": {
      "broadcast_id": "brd_0Bd7Rt3SpQ1zXc5VbN8mLk2J",
      "session_id": "ses_3kTMd9ZxQv7LpB2nR8sW4yHc",
      "status": "paused",
      "previous_status": "running",
      "reason": "MESSAGE_QUOTA_EXCEEDED",
      "progress": {
        "total": 1000,
        "pending": 600,
        "queued": 400,
        "failed": 0,
        "skipped": 0,
        "messages": {
          "queued": 3,
          "sent": 397,
          "delivered": 380,
          "read": 212,
          "failed": 0,
          "cancelled": 0
        }
      }
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

export { Wagw, type WagwOptions } from './client.js';
export { EVENT_TYPES, MESSAGE_STATUSES, SESSION_STATUSES } from './constants.js';
export { ERROR_CODES, isErrorCode } from './core/error-codes.js';
export {
  APIConnectionError,
  APIError,
  type APIErrorBody,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  MessageFailedError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UnprocessableEntityError,
  WagwError,
  WaitForStatusTimeoutError,
  WebhookSignatureError,
  WebhookTimestampError,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from './core/errors.js';
export { newIdempotencyKey } from './core/idempotency.js';
export { type ListEnvelope, Page, PagePromise } from './core/pagination.js';
export type { RequestOptions } from './core/request.js';
export type { StreamOptions } from './core/sse-stream.js';
export { EVENT_DESCRIPTIONS, EVENT_EXAMPLES } from './generated/event-catalog.js';
export type { Admin, AdminAuditLog, AdminTenants } from './resources/admin.js';
export type { AdminPlans } from './resources/admin-plans.js';
export type { Analytics } from './resources/analytics.js';
export type { ApiKeys } from './resources/api-keys.js';
export type { AuditLog } from './resources/audit-log.js';
export type { Auth } from './resources/auth.js';
export type { Broadcasts } from './resources/broadcasts.js';
export type { Channels } from './resources/channels.js';
export type { Chats } from './resources/chats.js';
export type { Contacts } from './resources/contacts.js';
export type { EventIterateOptions, EventStreamParams, Events } from './resources/events.js';
export type { Groups } from './resources/groups.js';
export type { Invites } from './resources/invites.js';
export type { Invoices } from './resources/invoices.js';
export type { Lids } from './resources/lids.js';
export type { Logs, RequestLogStreamParams } from './resources/logs.js';
export type { Media } from './resources/media.js';
export type { Members } from './resources/members.js';
export type { Messages, WaitForStatusOptions } from './resources/messages.js';
export type { Plans } from './resources/plans.js';
export type { Profiles } from './resources/profiles.js';
export type { Sessions } from './resources/sessions.js';
export type { SubscriptionResource } from './resources/subscription.js';
export type { Templates } from './resources/templates.js';
export type { Tenants } from './resources/tenants.js';
export type { UsageResource } from './resources/usage.js';
export type { Users } from './resources/users.js';
export type { Webhooks } from './resources/webhooks.js';
export type * from './types.js';
export type * from './types-accounts.js';
export type * from './types-billing.js';
export type * from './types-broadcasts.js';
export type * from './types-channels.js';
export type * from './types-contacts.js';
export type * from './types-groups.js';
export type * from './types-logs.js';
export type * from './types-media.js';
export type * from './types-plans.js';
export type * from './types-profiles.js';
export type * from './types-templates.js';
export { VERSION } from './version.js';
export { type VerifyWebhookParams, verifyWebhook, type WebhookHeaders } from './webhooks/verify.js';

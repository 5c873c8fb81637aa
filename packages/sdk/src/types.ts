/**
 * Public types of the API. Everything here is an alias of `generated/openapi.ts`, which is generated
 * from the server's `openapi.json`, so the SDK cannot drift from the server.
 */
import type { components, operations } from './generated/openapi.js';

type Schemas = components['schemas'];

type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
// Every query parameter is optional on the wire: the server fills in defaults (`limit` = 20).
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? Partial<NonNullable<Q>> : never;
type JsonResponse<Op, Status extends number> = Op extends {
  responses: { [S in Status]: { content: { 'application/json': infer R } } };
}
  ? R
  : never;

export type ErrorCode = Schemas['ErrorCode'];
export type Tenant = Schemas['Tenant'];
export type ApiKey = Schemas['ApiKey'];
export type ApiKeyCreated = Schemas['ApiKeyCreated'];
export type ApiKeyMode = ApiKey['mode'];
export type ApiKeyRotated = Schemas['ApiKeyRotated'];
export type Scope = Schemas['Scope'];
export type AuditEntry = Schemas['AuditEntry'];
export type Me = Schemas['Me'];
export type Session = Schemas['Session'];
export type SessionStatus = Session['status'];
export type Qr = Schemas['Qr'];
export type Message = Schemas['Message'];
export type MessageStatus = Message['status'];
export type Event = Schemas['Event'];
export type SessionStatusData = Schemas['SessionStatusData'];
export type EventType = Event['type'];
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type WebhookEndpointCreated = Schemas['WebhookEndpointCreated'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookDeliveryAttempt = WebhookDelivery['attempts'][number];
export type WebhookSecretRotated = Schemas['WebhookSecretRotated'];
export type WebhookTestResult = Schemas['WebhookTestResult'];
export type WebhookRecoverResult = JsonResponse<operations['recoverWebhookEvents'], 202>;

export type SessionDeleted = JsonResponse<operations['deleteSession'], 200>;
export type WebhookEndpointDeleted = JsonResponse<operations['deleteWebhook'], 200>;

export type TenantCreateParams = JsonBody<operations['createTenant']>;
export type TenantListParams = Query<operations['listTenants']>;
export type ApiKeyCreateParams = JsonBody<operations['createApiKey']>;
export type ApiKeyListParams = Query<operations['listApiKeys']>;
export type ApiKeyRotateParams = JsonBody<operations['rotateApiKey']>;
export type AuditLogListParams = Query<operations['listAuditLog']>;
export type AdminAuditLogListParams = Query<operations['adminListAuditLog']>;
export type AdminTenantListParams = Query<operations['adminListTenants']>;
export type TenantSuspendParams = JsonBody<operations['adminSuspendTenant']>;
export type SessionCreateParams = JsonBody<operations['createSession']>;
export type SessionPacing = Schemas['SessionPacing'];
export type SessionPacingParams = JsonBody<operations['updateSessionPacing']>;
export type SessionListParams = Query<operations['listSessions']>;
export type SandboxScanParams = JsonBody<operations['scanSandboxQr']>;
export type PairingCodeParams = JsonBody<operations['requestPairingCode']>;
export type PairingCode = JsonResponse<operations['requestPairingCode'], 200>;
export type MessageSendParams = JsonBody<operations['sendMessage']>;
/** The send parameters of one message type: `MessageSendParamsOf<'poll'>`. */
export type MessageSendParamsOf<T extends MessageSendParams['type']> = Extract<
  MessageSendParams,
  { type: T }
>;
/** What `messages.edit` takes besides the message id: the chat and the new text (or caption). */
export type MessageEditParams = Omit<MessageSendParamsOf<'edit'>, 'type' | 'message_id'>;
/** What `messages.revoke` takes besides the message id: the chat the message was sent to. */
export type MessageRevokeParams = Omit<MessageSendParamsOf<'revoke'>, 'type' | 'message_id'>;
/** What `messages.forward` takes besides the message id: where the copy goes. */
export type MessageForwardParams = Omit<MessageSendParamsOf<'forward'>, 'type' | 'message_id'>;
export type MessageListParams = Query<operations['listSessionMessages']>;
export type MessageExportParams = Query<operations['exportSessionMessages']>;
export type Chat = Schemas['Chat'];
export type ChatListParams = Query<operations['listChats']>;
export type ChatPresenceParams = JsonBody<operations['setChatPresence']>;
/** `typing`, `recording` (audio) or `paused` (clears either). */
export type ChatPresenceState = ChatPresenceParams['state'];
export type ChatPresence = JsonResponse<operations['setChatPresence'], 200>;
export type EventListParams = Query<operations['listEvents']>;
export type EventTriggerParams = JsonBody<operations['triggerEvent']>;
export type WebhookCreateParams = JsonBody<operations['createWebhook']>;
export type WebhookUpdateParams = JsonBody<operations['updateWebhook']>;
export type WebhookListParams = Query<operations['listWebhooks']>;
export type WebhookDeliveryListParams = Query<operations['listWebhookDeliveries']>;
export type WebhookRotateSecretParams = NonNullable<JsonBody<operations['rotateWebhookSecret']>>;
export type WebhookResendParams = JsonBody<operations['resendWebhookEvent']>;
export type WebhookRecoverParams = JsonBody<operations['recoverWebhookEvents']>;

/** The stored `Event` of one type (`wagw.events.list()`), with its `data` typed. */
export type EventOf<T extends EventType> = Extract<Event, { type: T }>;

/**
 * The body of a webhook request, as returned by `verifyWebhook()`: one discriminated union on
 * `type` (the OpenAPI document's `webhooks` section), with `timestamp` where a stored `Event` has
 * `created_at`. Narrow on `type` to get the `data` of that event type.
 */
export type WebhookEvent = Schemas['WebhookPayload'];

/** The webhook body of one event type. */
export type WebhookEventOf<T extends EventType> = Extract<WebhookEvent, { type: T }>;

/** The `data` of one event type. */
export type EventData<T extends EventType> = WebhookEventOf<T>['data'];

/** The `data` of a `webhook.endpoint_disabled` event. */
export type WebhookEndpointDisabledData = Schemas['WebhookEndpointDisabledData'];

/** An entry of the event catalog (`wagw.eventTypes.list()`). */
export type EventTypeInfo = Schemas['EventTypeInfo'];

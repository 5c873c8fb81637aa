/**
 * The one catalog of error codes. Domain code throws `AppError` with one of these codes; the HTTP
 * layer maps the code to its status through this table, and the SDK turns it back into a typed
 * error class.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: 'The request is invalid.' },
  MALFORMED_REQUEST: { status: 400, message: 'The HTTP request is malformed.' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  INVALID_PHONE_NUMBER: { status: 400, message: 'The phone number is not valid.' },
  UNSUPPORTED_MESSAGE_TYPE: { status: 400, message: 'This message type is not supported.' },
  WEAK_PASSWORD: { status: 400, message: 'The password is too weak.' },
  INVALID_TOKEN: { status: 400, message: 'The token is invalid, used or expired.' },
  TEMPLATE_VARIABLES_MISSING: {
    status: 400,
    message: 'The template has placeholders these variables do not fill.',
  },
  TEST_MODE_SANDBOX_ONLY: {
    status: 400,
    message: 'Test keys (wagw_test_…) can only create and use sandbox sessions.',
  },
  UNAUTHENTICATED: { status: 401, message: 'A valid API key is required.' },
  INVALID_CREDENTIALS: { status: 401, message: 'The email or password is wrong.' },
  API_KEY_EXPIRED: { status: 401, message: 'The API key has expired.' },
  PAYMENT_REQUIRED: { status: 402, message: 'The plan does not allow this.' },
  SESSION_LIMIT_REACHED: {
    status: 402,
    message: "The plan's session limit is reached: delete a session or upgrade the plan.",
  },
  MESSAGE_QUOTA_EXCEEDED: {
    status: 402,
    message: "The plan's monthly message quota is used up: upgrade the plan or wait for the next period.",
  },
  WEBHOOK_ENDPOINT_LIMIT_REACHED: {
    status: 402,
    message: "The plan's webhook endpoint limit is reached.",
  },
  FORBIDDEN: { status: 403, message: 'This API key may not do that.' },
  INSUFFICIENT_SCOPE: { status: 403, message: 'The API key lacks the scope this needs.' },
  TENANT_SUSPENDED: {
    status: 403,
    message: 'The tenant is suspended: contact the platform admin.',
  },
  IP_NOT_ALLOWED: { status: 403, message: 'The API key may not be used from this IP address.' },
  GROUP_NOT_ADMIN: {
    status: 403,
    message: "WhatsApp refused: only the group's admins may do that, and the session is not one.",
  },
  CHANNEL_NOT_ADMIN: {
    status: 403,
    message: 'Only the owner of a channel may post to it, and the session is not its owner.',
  },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route.' },
  TENANT_NOT_FOUND: { status: 404, message: 'No such tenant.' },
  MEDIA_NOT_FOUND: { status: 404, message: 'No such media file.' },
  CHAT_NOT_FOUND: { status: 404, message: 'The session has no chat with this party.' },
  CONTACT_NOT_FOUND: { status: 404, message: 'The session knows no such contact.' },
  GROUP_NOT_FOUND: { status: 404, message: 'The session is not in such a group.' },
  CHANNEL_NOT_FOUND: { status: 404, message: 'WhatsApp knows no such channel (or its link is not valid).' },
  LID_NOT_FOUND: { status: 404, message: 'The session knows no LID ↔ phone mapping for this identity.' },
  API_KEY_NOT_FOUND: { status: 404, message: 'No such API key.' },
  USER_NOT_FOUND: { status: 404, message: 'No such user.' },
  MEMBER_NOT_FOUND: { status: 404, message: 'No such member.' },
  INVITE_NOT_FOUND: { status: 404, message: 'No such invite.' },
  LOGIN_SESSION_NOT_FOUND: { status: 404, message: 'No such login session.' },
  PLAN_NOT_FOUND: { status: 404, message: 'No such plan.' },
  SUBSCRIPTION_NOT_FOUND: { status: 404, message: 'The tenant has no subscription.' },
  INVOICE_NOT_FOUND: { status: 404, message: 'No such invoice.' },
  SESSION_NOT_FOUND: { status: 404, message: 'No such session.' },
  SESSION_DELETED: { status: 404, message: 'The session was deleted.' },
  MESSAGE_NOT_FOUND: { status: 404, message: 'No such message.' },
  BROADCAST_NOT_FOUND: { status: 404, message: 'No such broadcast.' },
  EVENT_NOT_FOUND: { status: 404, message: 'No such event.' },
  REQUEST_LOG_NOT_FOUND: { status: 404, message: 'No such request log entry.' },
  WEBHOOK_NOT_FOUND: { status: 404, message: 'No such webhook endpoint.' },
  TEMPLATE_NOT_FOUND: { status: 404, message: 'No such template.' },
  EVENT_TYPE_NOT_FOUND: { status: 404, message: 'No such event type (GET /v1/event-types lists them).' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed.' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time.' },
  SESSION_STATE_CONFLICT: { status: 409, message: 'The session is not in a state that allows this.' },
  SESSION_LOGGED_OUT: { status: 409, message: 'The session is logged out; pair it again first.' },
  QR_NOT_AVAILABLE: { status: 409, message: 'The session has no QR code right now.' },
  CAPABILITY_NOT_SUPPORTED: { status: 409, message: "The session's engine does not support this." },
  BROADCAST_STATE_CONFLICT: {
    status: 409,
    message: 'The broadcast is not in a state that allows this.',
  },
  MESSAGE_NOT_CANCELLABLE: {
    status: 409,
    message: 'Only a message that is scheduled, or queued and not yet handed to WhatsApp, can be cancelled.',
  },
  MESSAGE_NOT_EDITABLE: {
    status: 409,
    message: 'Only a text or caption this session sent in the last 15 minutes can be edited.',
  },
  MESSAGE_NOT_REVOCABLE: {
    status: 409,
    message: 'Only a message this session sent in the last 60 hours can be deleted for everyone.',
  },
  SESSION_NOT_CONNECTED: { status: 409, message: 'The session is not connected to WhatsApp right now.' },
  EMAIL_TAKEN: { status: 409, message: 'A user with this email exists.' },
  ALREADY_MEMBER: { status: 409, message: 'The user is already a member of this tenant.' },
  LAST_ADMIN: { status: 409, message: 'A tenant must keep at least one admin.' },
  API_KEY_STATE_CONFLICT: { status: 409, message: 'The API key is not in a state that allows this.' },
  SUBSCRIPTION_STATE_CONFLICT: {
    status: 409,
    message: 'The subscription is not in a state that allows this.',
  },
  INVOICE_STATE_CONFLICT: { status: 409, message: 'The invoice is not in a state that allows this.' },
  PLAN_CODE_TAKEN: { status: 409, message: 'A plan with this code exists.' },
  TEMPLATE_NAME_TAKEN: { status: 409, message: 'A template with this name exists.' },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    status: 409,
    message: 'A request with this Idempotency-Key is still being processed.',
  },
  SECRET_NOT_REPLAYABLE: {
    status: 409,
    message:
      'This request already succeeded, but its response held a secret that is shown only once and is not stored.',
  },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  MEDIA_TOO_LARGE: { status: 413, message: 'The media file is larger than the limit.' },
  URL_TOO_LONG: { status: 414, message: 'A path parameter of the URL is too long.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as application/json.' },
  MEDIA_TYPE_NOT_ALLOWED: {
    status: 415,
    message: 'This kind of file cannot be sent through WhatsApp (the type is read from its bytes).',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This Idempotency-Key was already used with a different request.',
  },
  WEBHOOK_URL_NOT_ALLOWED: { status: 422, message: 'This webhook URL is not allowed.' },
  MEDIA_URL_NOT_ALLOWED: { status: 422, message: 'This media URL is not allowed.' },
  MEDIA_FETCH_FAILED: { status: 422, message: 'The media URL could not be fetched.' },
  NOT_ON_WHATSAPP: { status: 422, message: 'The phone number has no WhatsApp account.' },
  GROUP_INVITE_INVALID: {
    status: 422,
    message: 'The group invite code is not valid (revoked, expired or mistyped).',
  },
  RATE_LIMITED: { status: 429, message: 'Too many requests.' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  EVENT_SCHEMA_VIOLATION: {
    status: 500,
    message: "An event's data does not match its schema in the event catalog: nothing was recorded.",
  },
  NOT_READY: { status: 503, message: 'The server is not ready.' },
  STORAGE_UNAVAILABLE: {
    status: 503,
    message:
      'The database cannot take writes right now (disk full or I/O error). Nothing was accepted; retry later.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

export function statusForCode(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

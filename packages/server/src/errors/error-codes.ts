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
  UNAUTHENTICATED: { status: 401, message: 'A valid API key is required.' },
  FORBIDDEN: { status: 403, message: 'This API key may not do that.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route.' },
  TENANT_NOT_FOUND: { status: 404, message: 'No such tenant.' },
  API_KEY_NOT_FOUND: { status: 404, message: 'No such API key.' },
  SESSION_NOT_FOUND: { status: 404, message: 'No such session.' },
  SESSION_DELETED: { status: 404, message: 'The session was deleted.' },
  MESSAGE_NOT_FOUND: { status: 404, message: 'No such message.' },
  EVENT_NOT_FOUND: { status: 404, message: 'No such event.' },
  WEBHOOK_NOT_FOUND: { status: 404, message: 'No such webhook endpoint.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed.' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time.' },
  SESSION_STATE_CONFLICT: { status: 409, message: 'The session is not in a state that allows this.' },
  SESSION_LOGGED_OUT: { status: 409, message: 'The session is logged out; pair it again first.' },
  QR_NOT_AVAILABLE: { status: 409, message: 'The session has no QR code right now.' },
  CAPABILITY_NOT_SUPPORTED: { status: 409, message: "The session's engine does not support this." },
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
  URL_TOO_LONG: { status: 414, message: 'A path parameter of the URL is too long.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as application/json.' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This Idempotency-Key was already used with a different request.',
  },
  WEBHOOK_URL_NOT_ALLOWED: { status: 422, message: 'This webhook URL is not allowed.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests.' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
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

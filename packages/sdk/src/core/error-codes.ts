import type { ErrorCode } from '../types.js';

export type { ErrorCode };

/**
 * Every error code the wagw API returns (the `ErrorCode` schema), for runtime checks.
 * `APIError#code` is typed with the same union, so `switch (err.code)` is checked by the compiler.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_REQUEST',
  'INVALID_JSON',
  'INVALID_PHONE_NUMBER',
  'UNSUPPORTED_MESSAGE_TYPE',
  'WEAK_PASSWORD',
  'INVALID_TOKEN',
  'TEST_MODE_SANDBOX_ONLY',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'API_KEY_EXPIRED',
  'PAYMENT_REQUIRED',
  'SESSION_LIMIT_REACHED',
  'MESSAGE_QUOTA_EXCEEDED',
  'WEBHOOK_ENDPOINT_LIMIT_REACHED',
  'FORBIDDEN',
  'INSUFFICIENT_SCOPE',
  'TENANT_SUSPENDED',
  'IP_NOT_ALLOWED',
  'ROUTE_NOT_FOUND',
  'TENANT_NOT_FOUND',
  'MEDIA_NOT_FOUND',
  'CHAT_NOT_FOUND',
  'API_KEY_NOT_FOUND',
  'USER_NOT_FOUND',
  'MEMBER_NOT_FOUND',
  'INVITE_NOT_FOUND',
  'LOGIN_SESSION_NOT_FOUND',
  'PLAN_NOT_FOUND',
  'SUBSCRIPTION_NOT_FOUND',
  'INVOICE_NOT_FOUND',
  'SESSION_NOT_FOUND',
  'SESSION_DELETED',
  'MESSAGE_NOT_FOUND',
  'EVENT_NOT_FOUND',
  'REQUEST_LOG_NOT_FOUND',
  'WEBHOOK_NOT_FOUND',
  'EVENT_TYPE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'REQUEST_TIMEOUT',
  'SESSION_STATE_CONFLICT',
  'SESSION_LOGGED_OUT',
  'QR_NOT_AVAILABLE',
  'CAPABILITY_NOT_SUPPORTED',
  'EMAIL_TAKEN',
  'ALREADY_MEMBER',
  'LAST_ADMIN',
  'API_KEY_STATE_CONFLICT',
  'SUBSCRIPTION_STATE_CONFLICT',
  'INVOICE_STATE_CONFLICT',
  'PLAN_CODE_TAKEN',
  'IDEMPOTENCY_REQUEST_IN_PROGRESS',
  'SECRET_NOT_REPLAYABLE',
  'BODY_TOO_LARGE',
  'MEDIA_TOO_LARGE',
  'URL_TOO_LONG',
  'UNSUPPORTED_MEDIA_TYPE',
  'MEDIA_TYPE_NOT_ALLOWED',
  'IDEMPOTENCY_KEY_REUSED',
  'WEBHOOK_URL_NOT_ALLOWED',
  'MEDIA_URL_NOT_ALLOWED',
  'MEDIA_FETCH_FAILED',
  'RATE_LIMITED',
  'HEADERS_TOO_LARGE',
  'INTERNAL',
  'EVENT_SCHEMA_VIOLATION',
  'NOT_READY',
  'STORAGE_UNAVAILABLE',
] as const satisfies readonly ErrorCode[];

// Fails to compile when the schema has a code that is missing above.
type AssertNever<T extends never> = T;
export type _MissingErrorCodes = AssertNever<Exclude<ErrorCode, (typeof ERROR_CODES)[number]>>;

const KNOWN = new Set<string>(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN.has(value);
}

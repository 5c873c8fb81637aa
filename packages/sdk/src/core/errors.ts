import type { Message, MessageStatus } from '../types.js';
import type { ErrorCode } from './error-codes.js';

// Brand shared by every copy of this package (ESM and CJS builds, other realms), so the static
// `is()` guards work where `instanceof` does not.
const KINDS = Symbol.for('@wagw/sdk:error-kinds');

type ErrorClass<T extends WagwError> = abstract new (...args: never[]) => T;

/** The base class of every error this SDK throws. */
export class WagwError extends Error {
  /** A stable name for the class, used by the cross-realm `is()` guards. */
  static readonly kind: string = 'WagwError';
  declare readonly [KINDS]: readonly string[];

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && 'kind' in c; c = Object.getPrototypeOf(c)) {
      if (typeof c.kind === 'string' && !kinds.includes(c.kind)) kinds.push(c.kind);
    }
    Object.defineProperty(this, KINDS, { value: Object.freeze(kinds) });
    this.name = kinds[0] ?? 'WagwError';
  }

  /**
   * Whether `value` is an instance of this class, also when it comes from another copy of the SDK
   * (for example the CommonJS build next to the ESM one), where `instanceof` fails.
   *
   * @example
   * if (NotFoundError.is(err)) console.log(err.code);
   */
  static is<T extends WagwError>(this: ErrorClass<T> & { kind: string }, value: unknown): value is T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the guard is called on.
    return isKind(value, this);
  }
}

function isKind<T extends WagwError>(value: unknown, Class: ErrorClass<T> & { kind: string }): value is T {
  if (value instanceof Class) return true;
  if (typeof value !== 'object' || value === null) return false;
  const kinds = (value as { [KINDS]?: unknown })[KINDS];
  return Array.isArray(kinds) && kinds.includes(Class.kind);
}

/** Parsed `{ error: { … } }` body of a failed API response. */
export interface APIErrorBody {
  code: ErrorCode;
  message: string;
  request_id?: string;
  param?: string;
  details?: Record<string, unknown>;
}

/** The API answered with a non-2xx status. Subclasses narrow it by status. */
export class APIError extends WagwError {
  static override readonly kind: string = 'APIError';
  /** HTTP status of the response. */
  readonly status: number;
  /**
   * The error code from the body (`SESSION_NOT_FOUND`, …); `null` when the body was not a wagw
   * error, for example an HTML page from a proxy.
   */
  readonly code: ErrorCode | null;
  /** `Request-Id` of the failed request; quote it when reporting a problem. */
  readonly requestId: string | null;
  /** The request field the error is about, when there is one. */
  readonly param: string | null;
  readonly details: Record<string, unknown> | null;
  readonly headers: Headers;

  constructor(status: number, body: APIErrorBody | null, message: string, headers: Headers) {
    super(message);
    this.status = status;
    this.code = body?.code ?? null;
    this.requestId = body?.request_id ?? headers.get('request-id');
    this.param = body?.param ?? null;
    this.details = body?.details ?? null;
    this.headers = headers;
  }

  /** Builds the subclass that matches `status`. */
  static generate(status: number, body: APIErrorBody | null, message: string, headers: Headers): APIError {
    const Class = errorClassForStatus(status);
    return new Class(status, body, message, headers);
  }
}

export class BadRequestError extends APIError {
  static override readonly kind: string = 'BadRequestError';
}
export class AuthenticationError extends APIError {
  static override readonly kind: string = 'AuthenticationError';
}
/** 402: the tenant's plan does not allow this (a session limit, the monthly message quota). */
export class PaymentRequiredError extends APIError {
  static override readonly kind: string = 'PaymentRequiredError';
}
export class PermissionDeniedError extends APIError {
  static override readonly kind: string = 'PermissionDeniedError';
}
export class NotFoundError extends APIError {
  static override readonly kind: string = 'NotFoundError';
}
export class ConflictError extends APIError {
  static override readonly kind: string = 'ConflictError';
}
export class UnprocessableEntityError extends APIError {
  static override readonly kind: string = 'UnprocessableEntityError';
}
export class RateLimitError extends APIError {
  static override readonly kind: string = 'RateLimitError';
}
export class InternalServerError extends APIError {
  static override readonly kind: string = 'InternalServerError';
}
/**
 * 503: the server cannot take the request right now and applied nothing — `STORAGE_UNAVAILABLE`
 * (its database is full or failing) or `NOT_READY`. Retried automatically, after `Retry-After`.
 * A subclass of `InternalServerError`, like every 5xx.
 */
export class ServiceUnavailableError extends InternalServerError {
  static override readonly kind: string = 'ServiceUnavailableError';
}

function errorClassForStatus(status: number): typeof APIError {
  if (status === 503) return ServiceUnavailableError;
  if (status >= 500) return InternalServerError;
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 402:
      return PaymentRequiredError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 422:
      return UnprocessableEntityError;
    case 429:
      return RateLimitError;
    default:
      return APIError;
  }
}

/** The request never got a response: DNS, refused connection, reset socket, … */
export class APIConnectionError extends WagwError {
  static override readonly kind: string = 'APIConnectionError';
  constructor(message = 'Connection error.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The request took longer than `timeoutMs` (on its last attempt). */
export class APITimeoutError extends APIConnectionError {
  static override readonly kind: string = 'APITimeoutError';
  constructor(message = 'Request timed out.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The caller aborted the request through its `signal`. Never retried. */
export class APIUserAbortError extends WagwError {
  static override readonly kind: string = 'APIUserAbortError';
  constructor(message = 'Request was aborted.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** `messages.waitForStatus()`: the message failed before reaching the awaited status. */
export class MessageFailedError extends WagwError {
  static override readonly kind: string = 'MessageFailedError';
  /** The failed (or cancelled) message; a failed one's `error` says why. */
  readonly lastMessage: Message;

  constructor(lastMessage: Message) {
    const reason = lastMessage.error
      ? `${lastMessage.error.code}: ${lastMessage.error.message}`
      : 'no reason given';
    super(
      lastMessage.status === 'cancelled'
        ? `Message ${lastMessage.id} was cancelled before it was sent.`
        : `Message ${lastMessage.id} failed (${reason}).`,
    );
    this.lastMessage = lastMessage;
  }
}

/** `messages.waitForStatus()`: the message did not reach the awaited status in time. */
export class WaitForStatusTimeoutError extends WagwError {
  static override readonly kind: string = 'WaitForStatusTimeoutError';
  /** The message as last seen. */
  readonly lastMessage: Message;
  readonly expected: readonly MessageStatus[];

  constructor(lastMessage: Message, expected: readonly MessageStatus[], timeoutMs: number) {
    super(
      `Message ${lastMessage.id} is still "${lastMessage.status}" after ${timeoutMs} ms (waiting for ${expected.join(' | ')}).`,
    );
    this.lastMessage = lastMessage;
    this.expected = expected;
  }
}

/** Why `verifyWebhook()` rejected a request. */
export type WebhookVerificationReason =
  | 'MISSING_HEADERS'
  | 'BAD_SIGNATURE'
  | 'TIMESTAMP_OUT_OF_TOLERANCE'
  | 'INVALID_PAYLOAD';

/** `verifyWebhook()`: missing headers, bad signature, timestamp out of tolerance or bad payload. */
export class WebhookVerificationError extends WagwError {
  static override readonly kind: string = 'WebhookVerificationError';
  readonly reason: WebhookVerificationReason;

  constructor(reason: WebhookVerificationReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** `verifyWebhook()`: no `webhook-signature` matches the body signed with the secret. */
export class WebhookSignatureError extends WebhookVerificationError {
  static override readonly kind: string = 'WebhookSignatureError';
  constructor(message: string) {
    super('BAD_SIGNATURE', message);
  }
}

/** `verifyWebhook()`: `webhook-timestamp` is further from now than the tolerance (a replay?). */
export class WebhookTimestampError extends WebhookVerificationError {
  static override readonly kind: string = 'WebhookTimestampError';
  constructor(message: string) {
    super('TIMESTAMP_OUT_OF_TOLERANCE', message);
  }
}

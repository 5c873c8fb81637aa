export type WebhookVerificationErrorCode =
  | 'MISSING_HEADERS'
  | 'BAD_SIGNATURE'
  | 'TIMESTAMP_OUT_OF_TOLERANCE'
  | 'INVALID_PAYLOAD';

/** Thrown by `verify()` when a webhook must be rejected; `code` says why. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  readonly code: WebhookVerificationErrorCode;

  constructor(code: WebhookVerificationErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

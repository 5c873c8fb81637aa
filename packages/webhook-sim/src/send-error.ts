export type WebhookSendErrorCode = 'TIMEOUT' | 'NETWORK_ERROR';

/** Thrown by `sendWebhook()` when no HTTP response was obtained. */
export class WebhookSendError extends Error {
  override readonly name = 'WebhookSendError';
  readonly code: WebhookSendErrorCode;
  /** Time spent before giving up, in milliseconds. */
  readonly durationMs: number;

  constructor(code: WebhookSendErrorCode, message: string, durationMs: number, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.durationMs = durationMs;
  }
}

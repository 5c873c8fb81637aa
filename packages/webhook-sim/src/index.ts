export { isWebhookEventType, SESSION_STATUSES, WEBHOOK_EVENT_TYPES } from './event-types.js';
export { type FixtureOverrides, fixture, fixtures } from './fixtures.js';
export { parsePayload } from './parse-payload.js';
export { randomId } from './random-id.js';
export type {
  ReceivedWebhook,
  ReceiverOptions,
  ReceiverResponse,
  RespondContext,
  WaitForOptions,
  WebhookPredicate,
  WebhookReceiver,
} from './receiver.js';
export { startReceiver } from './receiver.js';
export {
  createResponder,
  type Responder,
  type ResponderDecision,
  type ResponderOptions,
  type ResponderReason,
} from './responder.js';
export { WebhookSendError, type WebhookSendErrorCode } from './send-error.js';
export { type SendWebhookOptions, type SendWebhookResult, sendWebhook } from './sender.js';
export {
  assertValidSecret,
  DEFAULT_TOLERANCE_SECONDS,
  generateSecret,
  type SignOptions,
  sign,
  type VerifyOptions,
  verify,
} from './signer.js';
export type * from './types.js';
export { WebhookVerificationError, type WebhookVerificationErrorCode } from './verification-error.js';

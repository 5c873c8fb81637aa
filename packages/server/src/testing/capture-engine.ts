import { type Engine, type EngineContext, EngineError, type OutboundMessage } from '../engines/engine.js';

export interface CaptureEngine {
  engine: Engine;
  /** Every context the runtime created, newest last (one per session start). */
  contexts: EngineContext[];
  /** Every `send()` call, in order. */
  sent: OutboundMessage[];
  /** Runs inside each `send()`, after it was counted (e.g. to make storage fail from then on). */
  onSend?: ((message: OutboundMessage) => void) | undefined;
  /** The account the next session start connects as. */
  phone: string;
  /** While true, `send()` refuses (retryably, as when not connected) and counts nothing. */
  holdSends: boolean;
}

/**
 * An engine for runtime tests: it connects at once (as `phone`), counts sends, and reports each
 * accepted send as `sent` the way a network ack would, when `ackSends`.
 */
export function captureEngine(
  options: { name?: string; phone?: string; ackSends?: boolean } = {},
): CaptureEngine {
  const capture: CaptureEngine = {
    contexts: [],
    sent: [],
    engine: undefined as unknown as Engine,
    phone: options.phone ?? '+15550009999',
    holdSends: false,
  };
  capture.engine = {
    name: options.name ?? 'capture',
    capabilities: { qr: false, pairingCode: false, simulatedScan: false, messageTypes: ['text'] },
    createSession: (ctx) => {
      capture.contexts.push(ctx);
      return {
        start: async () => {
          ctx.emit({ type: 'status', status: 'connected', phone: capture.phone });
        },
        stop: async () => {
          ctx.emit({ type: 'status', status: 'stopped' });
        },
        logout: async () => {
          await ctx.state.clear();
          ctx.emit({ type: 'status', status: 'logged_out' });
        },
        send: async (message) => {
          if (capture.holdSends) {
            throw new EngineError('SESSION_NOT_CONNECTED', 'Held back by the test.', true);
          }
          capture.sent.push(message);
          capture.onSend?.(message);
          if (options.ackSends) {
            ctx.emit({
              type: 'message.status',
              waMessageId: message.waMessageId,
              status: 'sent',
              at: Date.now(),
            });
          }
        },
      };
    },
  };
  return capture;
}

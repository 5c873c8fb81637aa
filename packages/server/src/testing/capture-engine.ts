import {
  type Engine,
  type EngineContext,
  EngineError,
  type OutboundMessage,
  type SendResult,
} from '../engines/engine.js';

export interface CaptureEngine {
  engine: Engine;
  /** Every context the runtime created, newest last (one per session start). */
  contexts: EngineContext[];
  /** Every message the engine took (sent), in order. */
  sent: OutboundMessage[];
  /** Every message handed to the engine (taken or refused), in order. */
  offered: OutboundMessage[];
  /** Every `sendMany()` call, in order (only for an engine made with `sendMany: true`). */
  batches: OutboundMessage[][];
  /** Runs inside each `send()`, after it was counted (e.g. to make storage fail from then on). */
  onSend?: ((message: OutboundMessage) => void) | undefined;
  /** Decides per message offered: an EngineError refuses it (retryably or not), undefined takes it. */
  refuse?: ((message: OutboundMessage) => EngineError | undefined) | undefined;
  /** The account the next session start connects as. */
  phone: string;
  /** While true, `send()` refuses (retryably, as when not connected) and counts nothing. */
  holdSends: boolean;
}

/**
 * An engine for runtime tests: it connects at once (as `phone`), counts sends, and reports each
 * accepted send as `sent` the way a network ack would, when `ackSends`. With `sendMany` it also
 * takes runs of messages at once, as the sandbox does.
 */
export function captureEngine(
  options: { name?: string; phone?: string; ackSends?: boolean; sendMany?: boolean } = {},
): CaptureEngine {
  const capture: CaptureEngine = {
    contexts: [],
    sent: [],
    offered: [],
    batches: [],
    engine: undefined as unknown as Engine,
    phone: options.phone ?? '+15550009999',
    holdSends: false,
  };
  const held = () => new EngineError('SESSION_NOT_CONNECTED', 'Held back by the test.', true);
  capture.engine = {
    name: options.name ?? 'capture',
    capabilities: { qr: false, pairingCode: false, simulatedScan: false, messageTypes: ['text'] },
    createSession: (ctx) => {
      capture.contexts.push(ctx);
      /** One message offered to the network: refused (the error) or taken. */
      const take = (message: OutboundMessage): EngineError | undefined => {
        capture.offered.push(message);
        const refused = capture.refuse?.(message);
        if (refused) return refused;
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
        return undefined;
      };
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
          if (capture.holdSends) throw held();
          const refused = take(message);
          if (refused) throw refused;
        },
        ...(options.sendMany && {
          sendMany: async (messages: readonly OutboundMessage[]) => {
            if (capture.holdSends) throw held();
            capture.batches.push([...messages]);
            const results: SendResult[] = [];
            for (const message of messages) {
              if (results.some((r) => r.outcome === 'refused' && r.error.retryable)) {
                results.push({ outcome: 'not_attempted' });
                continue;
              }
              const refused = take(message);
              results.push(refused ? { outcome: 'refused', error: refused } : { outcome: 'sent' });
            }
            return results;
          },
        }),
      };
    },
  };
  return capture;
}

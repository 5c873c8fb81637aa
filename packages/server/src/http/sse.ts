import type { FastifyReply } from 'fastify';

/** Open Server-Sent Events responses of one plugin instance, so shutdown can end them. */
export class SseStreams {
  readonly #open = new Set<AbortController>();

  track(controller: AbortController): () => void {
    this.#open.add(controller);
    return () => this.#open.delete(controller);
  }

  /** Ends every open stream (server shutdown: `close()` would otherwise wait for them). */
  endAll(): void {
    for (const controller of this.#open) controller.abort();
  }

  get size(): number {
    return this.#open.size;
  }
}

export interface SseOptions {
  /** Time between `: keep-alive` comments, so proxies do not close an idle stream. */
  heartbeatMs: number;
  /** The stream ends after this long; clients reconnect with `Last-Event-ID`. */
  maxDurationMs: number;
  /** The client's reconnect delay, sent as `retry:`. */
  retryMs?: number;
}

export interface SseWriter {
  /** Aborts when the client goes away or the server shuts down. */
  readonly signal: AbortSignal;
  /** Writes one event; resolves once the socket takes more (backpressure). */
  send(id: string, event: string, data: unknown): Promise<void>;
  end(): void;
}

/**
 * Takes over `reply` (fastify's serializers and hooks no longer apply) and answers
 * `text/event-stream`. Headers already set on the reply (`Request-Id`, rate limits) are kept.
 */
export function openSse(reply: FastifyReply, streams: SseStreams, options: SseOptions): SseWriter {
  const controller = new AbortController();
  const untrack = streams.track(controller);
  const raw = reply.raw;
  reply.hijack();
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // nginx buffers proxied responses unless told not to.
    'x-accel-buffering': 'no',
    // A stream ends only when one side leaves: the connection goes with it instead of idling.
    connection: 'close',
  });
  raw.write(`retry: ${options.retryMs ?? 2000}\n\n`);

  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), options.heartbeatMs);
  heartbeat.unref();
  const expiry = setTimeout(() => controller.abort(), options.maxDurationMs);
  expiry.unref();
  const finish = () => {
    clearInterval(heartbeat);
    clearTimeout(expiry);
    untrack();
    controller.abort();
  };
  // The response's `close`: the client went away, or the response ended.
  raw.once('close', finish);
  controller.signal.addEventListener('abort', () => {
    clearInterval(heartbeat);
    clearTimeout(expiry);
    untrack();
    if (!raw.writableEnded) raw.end();
  });

  return {
    signal: controller.signal,
    async send(id, event, data) {
      if (controller.signal.aborted) return;
      // JSON has no raw newlines, so `data` fits on one line.
      const ok = raw.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      if (ok) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          raw.off('drain', done);
          controller.signal.removeEventListener('abort', done);
          resolve();
        };
        raw.once('drain', done);
        controller.signal.addEventListener('abort', done);
      });
    },
    end: () => controller.abort(),
  };
}

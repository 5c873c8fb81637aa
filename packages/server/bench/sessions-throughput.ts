import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Api, type Body, until } from './sessions-api.js';
import type { Settings } from './sessions-options.js';
import type { SimHandle } from './sessions-sim.js';
import { type Distribution, distribution } from './sessions-stats.js';

/** The simulated contact every bench message goes to; it reads each one. */
export const CONTACT_PHONE = '15559990000';

export interface SendResult {
  messages: number;
  accepted: number;
  read: number;
  /** Refused POSTs and message.failed events. */
  failed: number;
  /** Messages not read by the end (refused, failed or timed out). */
  notRead: number;
  failures: string[];
  relayedBySimulator: number;
  /** First message to the contact (pre-key bundle fetch, new Signal session), sent alone before the run. */
  warmupAcceptToReadMs: number;
  acceptPerSecond: number;
  readPerSecond: number;
  /** ms from the first POST to the last message read. */
  durationMs: number;
  /** Server timestamps: created_at → read_at of each message. */
  acceptToReadMs: Distribution;
  /** Client side: duration of each POST /messages (202). */
  postMs: Distribution;
}

/** What a run sends: `count` messages built by `body(n)`, after one warm-up built by `body(-1)`. */
export interface SendSpec {
  count: number;
  body: (n: number) => Record<string, unknown>;
}

/** The send endpoint refused the warm-up message with a coded error (e.g. UNSUPPORTED_MESSAGE_TYPE). */
export class SendRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const textSpec = (count: number): SendSpec => ({
  count,
  body: (n) => ({ type: 'text', text: n < 0 ? 'warm-up' : `bench message ${n}` }),
});

/** Reads /v1/events from `after` to the end, page by page; returns the new cursor. */
async function drainEvents(
  api: Api,
  after: string | undefined,
  onEvent: (e: Body) => void,
): Promise<string | undefined> {
  let cursor = after;
  for (;;) {
    const page = await api(
      'GET',
      `/v1/events?limit=100${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (page.status !== 200) throw new Error(`GET /v1/events answered ${page.status}`);
    for (const event of page.body.data as Body[]) {
      onEvent(event);
      cursor = String(event.id);
    }
    if (!page.body.has_more) return cursor;
  }
}

/**
 * Sends `spec.count` messages (default `settings.messages` texts) from `sessionId` to the
 * auto-reading contact, `sendConcurrency` POSTs at a time, and follows the events until each is read
 * or failed (or the time is up). Throws SendRefusedError when the warm-up is refused.
 */
export async function sendRun(
  api: Api,
  sim: SimHandle,
  sessionId: string,
  settings: Settings,
  spec: SendSpec = textSpec(settings.messages),
): Promise<SendResult> {
  await sim.addAutoReadContact(CONTACT_PHONE, settings.receiptDelayMs);
  const to = `+${CONTACT_PHONE}`;
  const send = (n: number) => api('POST', `/v1/sessions/${sessionId}/messages`, { ...spec.body(n), to });

  // Warm-up: the first message to the contact establishes the Signal session (an image's, the media connection).
  let cursor = await drainEvents(api, undefined, () => undefined);
  const warm = await send(-1);
  if (warm.status !== 202) {
    throw new SendRefusedError(
      warm.status,
      warm.body?.error?.code,
      `warm-up send answered ${warm.status}: ${JSON.stringify(warm.body)}`,
    );
  }
  const warmRead = await until(
    'the warm-up message to be read',
    async () => {
      const m = await api('GET', `/v1/messages/${warm.body.id}`);
      if (m.body?.status === 'failed')
        throw new Error(`warm-up message failed: ${JSON.stringify(m.body.error)}`);
      return m.body?.status === 'read' ? (m.body as Body) : undefined;
    },
    settings.messageTimeoutMs,
    settings.pollMs,
  );
  const warmupAcceptToReadMs = Date.parse(warmRead.read_at) - Date.parse(warmRead.created_at);
  cursor = await drainEvents(api, cursor, () => undefined);

  // Events are recorded whatever their message, since one may be read before its POST has answered.
  const ids = new Set<string>();
  const reads = new Map<string, { readAt: number; createdAt: number }>();
  const failedEvents = new Map<string, string>();
  const resolved = new Set<string>();
  const refused: string[] = [];
  const postMs: number[] = [];
  const settle = (id: string) => {
    if (ids.has(id) && (reads.has(id) || failedEvents.has(id))) resolved.add(id);
  };
  let lastAcceptAt = 0;
  let sending = true;
  const startedAt = Date.now();

  const onEvent = (e: Body) => {
    const id = e.data?.id as string | undefined;
    if (!id) return;
    if (e.type === 'message.read' && !reads.has(id)) {
      reads.set(id, { readAt: Date.parse(e.data.read_at), createdAt: Date.parse(e.data.created_at) });
    } else if (e.type === 'message.failed') {
      failedEvents.set(id, JSON.stringify(e.data.error));
    }
    settle(id);
  };
  const poller = (async () => {
    const deadline = startedAt + settings.messageTimeoutMs;
    while (sending || resolved.size < ids.size) {
      cursor = await drainEvents(api, cursor, onEvent);
      if (Date.now() > deadline) break;
      await sleep(settings.pollMs);
    }
  })();

  let next = 0;
  const sender = async () => {
    while (next < spec.count) {
      const n = next++;
      const t0 = performance.now();
      const r = await send(n).catch((error: unknown) => ({
        status: 0,
        body: String(error),
      }));
      if (r.status === 202) {
        postMs.push(performance.now() - t0);
        const id = String(r.body.id);
        ids.add(id);
        settle(id);
        lastAcceptAt = Date.now();
      } else {
        refused.push(`POST ${n} answered ${r.status}: ${JSON.stringify(r.body)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.sendConcurrency, spec.count) }, sender));
  sending = false;
  await poller;

  const mine = [...ids].flatMap((id) => {
    const read = reads.get(id);
    return read ? [read] : [];
  });
  const failures = [
    ...refused,
    ...[...ids].flatMap((id) => {
      const error = failedEvents.get(id);
      return error ? [`${id}: ${error}`] : [];
    }),
  ];
  const lastReadAt = mine.reduce((max, r) => Math.max(max, r.readAt), 0);
  const latencies = mine.map((r) => r.readAt - r.createdAt);
  const durationMs = (lastReadAt || Date.now()) - startedAt;
  return {
    messages: spec.count,
    accepted: ids.size,
    read: mine.length,
    failed: failures.length,
    notRead: spec.count - mine.length,
    failures: failures.slice(0, 20),
    relayedBySimulator: await sim.relayedTo(CONTACT_PHONE),
    warmupAcceptToReadMs,
    acceptPerSecond: Math.round((ids.size / Math.max(1, lastAcceptAt - startedAt)) * 1000 * 10) / 10,
    readPerSecond: Math.round((mine.length / Math.max(1, durationMs)) * 1000 * 10) / 10,
    durationMs,
    acceptToReadMs: distribution(latencies),
    postMs: distribution(postMs),
  };
}

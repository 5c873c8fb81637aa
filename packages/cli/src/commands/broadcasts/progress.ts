import { APIConnectionError, type Broadcast } from '@wagw/sdk';
import { SingleBar } from 'cli-progress';
import type { ApiClient, Context } from '../../context.js';
import type { Output } from '../../output.js';

/** Time between two looks at the broadcast. */
export const WATCH_INTERVAL_MS = 500;

/** One line of progress: recipients queued of the total, and how far their messages got. */
export function progressLine(b: Broadcast): string {
  const p = b.progress;
  const extra = [
    p.failed > 0 && `${p.failed} refused`,
    p.skipped > 0 && `${p.skipped} skipped`,
    b.status_reason && `(${b.status_reason})`,
  ].filter(Boolean);
  return `${b.status} ${p.queued + p.failed + p.skipped}/${p.total} · sent ${p.messages.sent} · delivered ${p.messages.delivered} · read ${p.messages.read} · failed ${p.messages.failed}${extra.length ? ` · ${extra.join(' · ')}` : ''}`;
}

/** Done: nothing more will be queued, and every queued message has left the queue. */
const settled = (b: Broadcast) =>
  (b.status === 'completed' || b.status === 'cancelled') && b.progress.messages.queued === 0;

/**
 * Follows a broadcast until it is done, on a progress bar on a terminal (a line per change
 * otherwise). The broadcast runs on the server: a server that is down for a while (a restart) is
 * waited for, and Ctrl-C only detaches (`wagw broadcasts watch <id>` reattaches).
 */
export async function watchBroadcast(
  api: ApiClient,
  id: string,
  ctx: Context,
  out: Output,
): Promise<Broadcast> {
  const signal = ctx.shutdownSignal();
  const stream = ctx.stderr as NodeJS.WriteStream;
  const bar =
    stream.isTTY === true && !out.json
      ? new SingleBar({
          stream,
          format:
            '{bar} {value}/{total} queued · sent {sent} · delivered {delivered} · failed {failed} · {status}',
          hideCursor: true,
          clearOnComplete: false,
        })
      : undefined;
  let last: Broadcast | undefined;
  let lastLine = '';
  let unreachable = false;
  try {
    while (!signal.aborted) {
      let b: Broadcast;
      try {
        b = await api.broadcasts.get(id, { signal });
      } catch (error) {
        if (signal.aborted) break;
        if (!APIConnectionError.is(error)) throw error;
        if (!unreachable) out.info(`(the server is unreachable: ${error.message} — waiting for it)`);
        unreachable = true;
        await ctx.sleep(1000, signal);
        continue;
      }
      if (unreachable) out.info('(the server is back)');
      unreachable = false;
      last = b;
      const p = b.progress;
      const payload = {
        sent: p.messages.sent,
        delivered: p.messages.delivered,
        failed: p.messages.failed + p.failed,
        status: b.status_reason ? `${b.status} (${b.status_reason})` : b.status,
      };
      const done = p.queued + p.failed + p.skipped;
      if (bar) {
        if (!bar.isActive) bar.start(p.total, done, payload);
        else bar.update(done, payload);
      } else {
        const line = progressLine(b);
        if (line !== lastLine) out.info(line);
        lastLine = line;
      }
      if (settled(b)) break;
      await ctx.sleep(WATCH_INTERVAL_MS, signal);
    }
  } finally {
    bar?.stop();
  }
  if (!last) throw new Error(`broadcast ${id}: no answer from the server`);
  if (signal.aborted && !settled(last)) {
    out.info(`Detached; the broadcast goes on. Reattach: wagw broadcasts watch ${id}`);
  }
  return last;
}

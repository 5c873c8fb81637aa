import { describe, expect, it } from 'vitest';
import { DueLoop } from './due-loop.js';

const silent = { info() {}, warn() {}, error() {}, debug() {} };

/** A fake schedule: message times, and what was promoted (failing the first `failures` rounds). */
function schedule(times: number[], failures = 0) {
  const waiting = [...times];
  const promoted: Array<{ due: number; at: number }> = [];
  let calls = 0;
  return {
    promoted,
    due: {
      async nextDueAt() {
        return waiting.length ? Math.min(...waiting) : undefined;
      },
      async runDue(now: number) {
        if (calls++ < failures) throw new Error('database is locked');
        const due = waiting.filter((t) => t <= now);
        for (const t of due) {
          waiting.splice(waiting.indexOf(t), 1);
          promoted.push({ due: t, at: now });
        }
        return due.length;
      },
    },
  };
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

describe('DueLoop', () => {
  it('wakes at the earliest time, not at the next poll, and queues each message once', async () => {
    const start = Date.now();
    const s = schedule([start + 120, start + 60]);
    const scheduler = new DueLoop(s.due, { name: 'test', logger: silent, pollIntervalMs: 10_000 });
    scheduler.start();
    await until(() => s.promoted.length === 2);
    await scheduler.stop();
    expect(s.promoted.map((p) => p.due)).toEqual([start + 60, start + 120]);
    for (const p of s.promoted) expect(p.at).toBeGreaterThanOrEqual(p.due);
  });

  it('keeps the messages through storage failures and queues them once storage is back', async () => {
    const s = schedule([Date.now() - 1], 3);
    const scheduler = new DueLoop(s.due, { name: 'test', logger: silent, retry: { baseMs: 1, maxMs: 5 } });
    scheduler.start();
    await until(() => s.promoted.length === 1);
    await scheduler.stop();
    expect(s.promoted).toHaveLength(1);
  });

  it('a message scheduled here wakes it at once; stop() ends it', async () => {
    const s = schedule([]);
    const scheduler = new DueLoop(s.due, { name: 'test', logger: silent, pollIntervalMs: 60_000 });
    scheduler.start();
    await new Promise((r) => setTimeout(r, 20));
    const due = Date.now() + 30;
    (s.due as { nextDueAt(): Promise<number | undefined> }).nextDueAt = async () => due;
    const promote = s.due.runDue.bind(s.due);
    let rounds = 0;
    s.due.runDue = async (now: number) => {
      rounds++;
      if (now >= due) s.promoted.push({ due, at: now });
      return now >= due && s.promoted.length === 1 ? 1 : promote(now);
    };
    scheduler.wake();
    await until(() => s.promoted.length >= 1);
    await scheduler.stop();
    const after = rounds;
    await new Promise((r) => setTimeout(r, 50));
    expect(rounds).toBe(after);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../testing/test-server.js';
import { type SimHarness, startSimHarness } from './sim-harness.js';

/** Typing presence and read receipts with the real Baileys client against wa-sim. */

const LONG = 30_000;

describe('baileys engine presence and read receipts, against wa-sim', () => {
  let h: SimHarness;
  const account = '15550600501';
  const contact = '15550600502';

  beforeAll(async () => {
    h = await startSimHarness(account, contact);
  }, LONG * 2);
  afterAll(async () => {
    await h?.close();
  });

  it(
    "read receipts mark the contact's messages read in WhatsApp",
    async () => {
      const ids = [1, 2].map((n) => h.sim.injectInbound({ to: account, from: contact, text: `hi ${n}` }).id);
      for (const id of ids) await h.received(id);
      const relayed = () => h.sim.messages().filter((m) => ids.includes(m.id));
      expect(relayed().every((m) => m.readAt === undefined)).toBe(true);
      await h.session.markRead?.(`+${contact}`, ids);
      await eventually(async () => (relayed().every((m) => m.readAt !== undefined) ? true : undefined), LONG);
    },
    LONG,
  );

  it(
    'sends typing, recording and paused while connected, and refuses them once stopped',
    async () => {
      for (const state of ['typing', 'recording', 'paused'] as const) {
        await expect(h.session.sendPresence?.(`+${contact}`, state)).resolves.toBeUndefined();
      }
      await h.session.stop();
      await expect(h.session.sendPresence?.(`+${contact}`, 'typing')).rejects.toMatchObject({
        code: 'SESSION_NOT_CONNECTED',
        retryable: true,
      });
      await expect(h.session.markRead?.(`+${contact}`, ['X'])).rejects.toMatchObject({
        code: 'SESSION_NOT_CONNECTED',
      });
    },
    LONG,
  );
});

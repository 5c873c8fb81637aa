import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../testing/test-server.js';
import { type SimHarness, startSimHarness } from './sim-harness.js';

/** Number checks, blocking and contact names with the real Baileys client against wa-sim. */

const LONG = 30_000;

describe('baileys engine contacts, against wa-sim', () => {
  let h: SimHarness;
  const account = '15550600601';
  const contact = '15550600602';
  let contactLid: string;

  beforeAll(async () => {
    h = await startSimHarness(account, contact);
    // Adding it again keeps its identity and answers it.
    contactLid = `${h.sim.addContact({ phone: contact, behaviour: 'auto-read', receiptDelayMs: 20 }).lid}@lid`;
  }, LONG * 2);
  afterAll(async () => {
    await h?.close();
  });

  it(
    'checks numbers: a simulated contact is on WhatsApp with its LID, an unknown number is not',
    async () => {
      const results = await h.session.checkNumbers?.([`+${contact}`, '+15550600699']);
      expect(results).toEqual([
        { phone: `+${contact}`, onWhatsApp: true, lid: contactLid },
        { phone: '+15550600699', onWhatsApp: false, lid: null },
      ]);
    },
    LONG,
  );

  it(
    "reports a contact's push name from its message",
    async () => {
      h.sim.injectInbound({ to: account, from: contact, text: 'hello', pushName: 'Ada' });
      const named = await eventually(
        async () => h.events.find((e) => e.type === 'contact' && e.name === 'Ada'),
        LONG,
      );
      expect(named).toMatchObject({ type: 'contact', phone: `+${contact}`, name: 'Ada' });
    },
    LONG,
  );

  it(
    "blocks and unblocks: wa-sim keeps the blocklist and drops a blocked contact's messages",
    async () => {
      await h.session.setBlocked?.({ phone: `+${contact}`, lid: null }, true);
      expect(h.sim.blocklistOf(account)).toEqual([contact]);
      const dropped = h.sim.injectInbound({ to: account, from: contact, text: 'let me in' }).id;
      expect(h.sim.messages().find((m) => m.id === dropped)?.blocked).toBe(true);

      await h.session.setBlocked?.({ phone: `+${contact}`, lid: contactLid }, false);
      expect(h.sim.blocklistOf(account)).toEqual([]);
      await h.settle();
      expect(h.receivedCount(dropped)).toBe(0);
    },
    LONG,
  );

  it(
    'reports the whole blocklist when it connects',
    async () => {
      await h.session.setBlocked?.({ phone: `+${contact}`, lid: contactLid }, true);
      const mark = h.events.length;
      await h.restart();
      const list = await eventually(
        async () => h.events.slice(mark).find((e) => e.type === 'blocklist'),
        LONG,
      );
      expect(list).toEqual({ type: 'blocklist', blocked: [{ phone: `+${contact}`, lid: null }] });
      await h.session.setBlocked?.({ phone: `+${contact}`, lid: contactLid }, false);
      expect(h.sim.blocklistOf(account)).toEqual([]);
    },
    LONG,
  );

  it(
    'refuses to block a number that is not on WhatsApp',
    async () => {
      await expect(h.session.setBlocked?.({ phone: '+15550600699', lid: null }, true)).rejects.toMatchObject({
        code: 'NOT_ON_WHATSAPP',
        retryable: false,
      });
      expect(h.sim.blocklistOf(account)).toEqual([]);
    },
    LONG,
  );

  it(
    'refuses checks and blocks once stopped',
    async () => {
      await h.session.stop();
      await expect(h.session.checkNumbers?.([`+${contact}`])).rejects.toMatchObject({
        code: 'SESSION_NOT_CONNECTED',
      });
      await expect(h.session.setBlocked?.({ phone: `+${contact}`, lid: null }, true)).rejects.toMatchObject({
        code: 'SESSION_NOT_CONNECTED',
      });
    },
    LONG,
  );
});

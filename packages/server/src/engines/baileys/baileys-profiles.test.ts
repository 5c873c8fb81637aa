import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../testing/test-server.js';
import { EngineError, type EngineEvent } from '../engine.js';
import { type SimHarness, startSimHarness } from './sim-harness.js';

/** Profiles and presence with the real Baileys client against wa-sim. */

const LONG = 30_000;
type Presence = Extract<EngineEvent, { type: 'presence' }>;
/** A tiny JPEG's first bytes are enough for the simulator, which serves pictures as they are. */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);

describe('baileys engine profiles and presence, against wa-sim', () => {
  let h: SimHarness;
  const account = '15550730001';
  const ada = '15550730002';

  const refusal = async (p: Promise<unknown> | undefined): Promise<string> => {
    try {
      await p;
    } catch (error) {
      if (error instanceof EngineError) return error.code;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  beforeAll(async () => {
    h = await startSimHarness(account, ada);
  }, LONG * 2);
  afterAll(async () => {
    await h?.close();
  });

  it(
    "reads a contact's about and picture; a number without WhatsApp is NOT_ON_WHATSAPP",
    async () => {
      h.sim.setProfile(ada, { about: 'at the beach', picture: JPEG });
      const profile = await h.session.contactProfile?.({ phone: `+${ada}`, lid: null });
      expect(profile?.about).toBe('at the beach');
      expect(profile?.aboutSetAt).toBeGreaterThan(Date.now() - 60_000);
      const picture = await fetch(profile?.pictureUrl as string);
      expect(Buffer.from(await picture.arrayBuffer())).toEqual(JPEG);
      h.sim.setProfile(ada, { picture: null, about: '' });
      expect(await h.session.contactProfile?.({ phone: `+${ada}`, lid: null })).toEqual({
        about: null,
        aboutSetAt: null,
        pictureUrl: null,
      });
      expect(await refusal(h.session.contactProfile?.({ phone: '+15550730099', lid: null }))).toBe(
        'NOT_ON_WHATSAPP',
      );
    },
    LONG,
  );

  it(
    "subscribes to a contact's presence: online, then offline with its last seen",
    async () => {
      h.sim.setPresence(ada, 'available');
      const from = h.events.length;
      await h.session.subscribePresence?.({ phone: `+${ada}`, lid: null });
      const seen = (presence: string) =>
        eventually(
          async () =>
            h.events.slice(from).find((e): e is Presence => e.type === 'presence' && e.presence === presence),
          LONG,
        );
      expect(await seen('available')).toMatchObject({ chat: `+${ada}`, contact: { phone: `+${ada}` } });
      h.sim.setPresence(ada, 'unavailable');
      const away = await seen('unavailable');
      expect(away.lastSeen).toBeGreaterThan(Date.now() - 60_000);
    },
    LONG,
  );

  it(
    'changes its own about, name (synced to it as app state), picture and presence',
    async () => {
      await h.session.updateOwnProfile?.({ about: 'we answer fast' });
      expect(h.sim.profile(account).about).toBe('we answer fast');
      // WhatsApp's phone gives the linked device its name (and the app-state key to change it).
      h.sim.setProfile(account, { name: 'Acme' });
      await eventually(
        async () => ((await h.session.ownProfile?.())?.name === 'Acme' ? true : undefined),
        LONG,
      );
      await h.session.updateOwnProfile?.({ name: 'Acme Support' });
      await eventually(async () => (h.sim.profile(account).name === 'Acme Support' ? true : undefined), LONG);
      await h.session.setOwnPresence?.('available');
      await eventually(
        async () => (h.sim.presenceOf(account).presence === 'available' ? true : undefined),
        LONG,
      );
      await h.session.setOwnPicture?.(null);
      expect(h.sim.profilePicture(account)).toBeUndefined();
      const own = await h.session.ownProfile?.();
      expect(own).toEqual({ name: 'Acme Support', about: 'we answer fast', pictureUrl: null });
    },
    LONG * 2,
  );
});

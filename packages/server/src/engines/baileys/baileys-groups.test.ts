import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../testing/test-server.js';
import { EngineError, type EngineEvent } from '../engine.js';
import { type SimHarness, startSimHarness } from './sim-harness.js';

/** Groups with the real Baileys client against wa-sim: the engine's calls and what it reports. */

const LONG = 30_000;
type Ev<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

describe('baileys engine groups, against wa-sim', () => {
  let h: SimHarness;
  const account = '15550700701';
  const ada = '15550700702';
  const bob = '15550700703';
  const offNetwork = '15550700799';
  let groupId: string;

  const waitFor = <T extends EngineEvent['type']>(type: T, match: (e: Ev<T>) => boolean, from = 0) =>
    eventually(
      async () => h.events.slice(from).find((e): e is Ev<T> => e.type === type && match(e as Ev<T>)),
      LONG,
    );
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
    h.sim.addContact({ phone: bob, behaviour: 'never-deliver' });
  }, LONG * 2);
  afterAll(async () => {
    await h?.close();
  });

  it(
    'creates a group and reads it back; a number not on WhatsApp refuses the create',
    async () => {
      expect(await refusal(h.session.createGroup?.('Nope', [`+${ada}`, `+${offNetwork}`]))).toBe(
        'NOT_ON_WHATSAPP',
      );
      expect(h.sim.groupsOf(ada)).toEqual([]);
      const info = await h.session.createGroup?.('Launch', [`+${ada}`]);
      groupId = info?.id as string;
      expect(groupId).toMatch(/@g\.us$/);
      expect(info).toMatchObject({ subject: 'Launch', announce: false, locked: false });
      const roles = Object.fromEntries((info?.participants ?? []).map((p) => [p.phone, p.role]));
      expect(roles).toEqual({ [`+${account}`]: 'superadmin', [`+${ada}`]: 'member' });
      expect(
        h.sim
          .group(groupId)
          .participants.map((p) => p.phone)
          .sort(),
      ).toEqual([account, ada].sort());
      expect((await h.session.getGroup?.(groupId))?.subject).toBe('Launch');
      expect((await h.session.listGroups?.())?.map((g) => g.id)).toEqual([groupId]);
      expect(await refusal(h.session.getGroup?.('120363000000000001@g.us'))).toBe('GROUP_NOT_FOUND');
    },
    LONG,
  );

  it(
    'changes the subject, description and settings, each reported by WhatsApp as a settings change',
    async () => {
      const from = h.events.length;
      await h.session.updateGroup?.(groupId, {
        subject: 'Launch crew',
        description: 'ship it',
        announce: true,
      });
      expect(h.sim.group(groupId)).toMatchObject({
        subject: 'Launch crew',
        description: 'ship it',
        announce: true,
      });
      await waitFor(
        'group.settings',
        (e) => e.groupId === groupId && e.change.subject === 'Launch crew',
        from,
      );
      await waitFor('group.settings', (e) => e.change.announce === true, from);
      await h.session.updateGroup?.(groupId, { description: null });
      expect(h.sim.group(groupId).description ?? '').toBe('');
    },
    LONG,
  );

  it(
    'adds, promotes, demotes and removes with one answer per number',
    async () => {
      const added = await h.session.updateParticipants?.(groupId, 'add', [
        `+${bob}`,
        `+${ada}`,
        `+${offNetwork}`,
      ]);
      expect(added).toEqual([
        { phone: `+${bob}`, error: null },
        { phone: `+${ada}`, error: 'already_member' },
        { phone: `+${offNetwork}`, error: 'not_on_whatsapp' },
      ]);
      expect(await h.session.updateParticipants?.(groupId, 'promote', [`+${bob}`])).toEqual([
        { phone: `+${bob}`, error: null },
      ]);
      expect(h.sim.group(groupId).participants.find((p) => p.phone === bob)?.role).toBe('admin');
      await h.session.updateParticipants?.(groupId, 'demote', [`+${bob}`]);
      const removed = await h.session.updateParticipants?.(groupId, 'remove', [`+${bob}`, `+${offNetwork}`]);
      expect(removed?.[0]).toEqual({ phone: `+${bob}`, error: null });
      expect(removed?.[1]?.error).not.toBeNull();
      expect(h.sim.group(groupId).participants.map((p) => p.phone)).not.toContain(bob);
    },
    LONG,
  );

  it(
    "sends to the group: sent on the server's ack, then each member's own receipts",
    async () => {
      const id = await h.send({ type: 'text', text: 'standup in 5' }, groupId);
      await h.reaches(id, 'sent');
      const logged = await eventually(async () => h.sim.messages().find((m) => m.id === id && m.text), LONG);
      expect(logged).toMatchObject({ group: groupId, from: account, text: 'standup in 5' });
      const read = await waitFor(
        'message.status',
        (e) => e.waMessageId === id && e.status === 'read' && e.participant !== undefined,
      );
      expect(read.participant).toMatchObject({ phone: `+${ada}` });
      // Its delivered receipt too, though Baileys may fold it into its own copy of the message.
      await waitFor(
        'message.status',
        (e) => e.waMessageId === id && e.status === 'delivered' && !!e.participant,
      );
    },
    LONG,
  );

  it(
    "receives a member's group message with the group and its sender",
    async () => {
      const { id } = h.sim.injectGroupInbound({ group: groupId, from: ada, text: 'on my way' });
      const got = await h.received(id);
      expect(got).toMatchObject({ groupId, from: `+${ada}`, body: { type: 'text', text: 'on my way' } });
    },
    LONG,
  );

  it(
    "reports another admin's changes with who made them, and a group it was added to, whole",
    async () => {
      h.sim.groupAction(groupId, { by: account, action: 'promote', participants: [ada] });
      await eventually(
        async () =>
          h.sim.group(groupId).participants.find((p) => p.phone === ada)?.role === 'admin' ? true : undefined,
        LONG,
      );
      const from = h.events.length;
      h.sim.updateGroup(groupId, { by: ada, subject: 'Renamed by Ada' });
      const change = await waitFor('group.settings', (e) => e.change.subject === 'Renamed by Ada', from);
      expect(change.by?.phone ?? change.by?.lid).toBeTruthy();
      h.sim.groupAction(groupId, { by: ada, action: 'add', participants: [bob] });
      const joinedBob = await waitFor('group.participants', (e) => e.action === 'add', from);
      expect(joinedBob.participants.map((p) => p.phone)).toContain(`+${bob}`);

      const { id: other } = h.sim.createGroup({ owner: ada, subject: "Ada's", participants: [account] });
      const joined = await waitFor('group', (e) => e.group.id === other && e.joined !== undefined, from);
      expect(joined.group).toMatchObject({ subject: "Ada's" });
      expect(joined.group.participants.map((p) => p.phone).sort()).toEqual([`+${account}`, `+${ada}`].sort());
    },
    LONG,
  );

  it(
    'gets and revokes the invite code, joins by one, leaves, and refuses a bad code',
    async () => {
      const code = (await h.session.groupInviteCode?.(groupId, false)) as string;
      expect(code).toBe(h.sim.group(groupId).inviteCode);
      const fresh = await h.session.groupInviteCode?.(groupId, true);
      expect(fresh).not.toBe(code);
      await h.session.leaveGroup?.(groupId);
      expect(h.sim.groupsOf(account)).not.toContain(groupId);
      expect(await refusal(h.session.joinGroup?.(code))).toBe('GROUP_INVITE_INVALID');
      expect(await h.session.joinGroup?.(fresh as string)).toBe(groupId);
      expect(h.sim.groupsOf(account)).toContain(groupId);
    },
    LONG,
  );

  it(
    'refuses changes from a member who is no admin with GROUP_NOT_ADMIN',
    async () => {
      // Back in by invite: a plain member of a group whose settings only admins change.
      h.sim.updateGroup(groupId, { by: ada, locked: true });
      expect(await refusal(h.session.updateGroup?.(groupId, { subject: 'nope' }))).toBe('GROUP_NOT_ADMIN');
      expect(await refusal(h.session.updateParticipants?.(groupId, 'remove', [`+${ada}`]))).toBe(
        'GROUP_NOT_ADMIN',
      );
      expect(h.sim.group(groupId).participants.map((p) => p.phone)).toContain(ada);
    },
    LONG,
  );
});

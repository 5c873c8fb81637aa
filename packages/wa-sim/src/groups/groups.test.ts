import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator.js';
import {
  type ConnectionUpdate,
  connectClient,
  type MemoryAuth,
  pairByQr,
  type StatusEvent,
  type TestClient,
} from '../test-support/client.js';

type AckNode = { attrs: Record<string, string> };
type Participant = { id: string; admin?: string | null };
type ParticipantsUpdate = { id: string; action: string; author?: string; participants: Participant[] };
type GroupUpdate = { id?: string; subject?: string; announce?: boolean; restrict?: boolean; desc?: string };
type ReceiptUpdate = {
  key: { id?: string };
  receipt: { userJid: string; receiptTimestamp?: number; readTimestamp?: number };
};
type Upsert = {
  messages: Array<{
    key: { remoteJid?: string; participant?: string; fromMe?: boolean; id?: string };
    message?: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } | null;
  }>;
};
type Lock = ConnectionUpdate & { reachoutTimeLock?: { isActive: boolean; timeEnforcementEnds?: Date } };

const A = '15550002001';
const B = '15550002002';
const C1 = '15550002101';
const C2 = '15550002102';
const C3 = '15550002103';
const jid = (phone: string) => `${phone}@s.whatsapp.net`;
const ackFor = (id: string) => (n: AckNode) => n.attrs.id === id;

describe('groups', () => {
  let sim: Simulator;
  let a: TestClient;
  let b: TestClient;
  let groupId: string;
  const clients: TestClient[] = [];
  const pair = (phone: string) =>
    pairByQr(sim, phone, (auth: MemoryAuth) => {
      const client = connectClient(sim.url, auth);
      clients.push(client);
      return client;
    });

  beforeAll(async () => {
    sim = await startSimulator({ media: false });
    sim.addContact({ phone: C1, behaviour: 'auto-read', receiptDelayMs: 20 });
    sim.addContact({ phone: C2, behaviour: 'auto-read', receiptDelayMs: 40 });
    sim.addContact({ phone: C3, behaviour: 'auto-deliver', receiptDelayMs: 20 });
    [a, b] = await Promise.all([pair(A), pair(B)]);
  });

  afterAll(async () => {
    for (const c of clients) c.sock.end(undefined);
    await sim.close();
  });

  it('creates a group with roles that groupMetadata and group() show', async () => {
    const meta = await a.sock.groupCreate('Team', [jid(C1), jid(C2), jid(B)]);
    groupId = meta.id;
    expect(groupId).toMatch(/^\d+@g\.us$/);
    const roles = Object.fromEntries(meta.participants.map((p) => [p.id, p.admin ?? null]));
    expect(roles).toEqual({ [jid(A)]: 'superadmin', [jid(C1)]: null, [jid(C2)]: null, [jid(B)]: null });
    const upsert = await b.rec.waitFor<Array<{ id: string; subject: string }>>('groups.upsert', (g) =>
      g.some((x) => x.id === groupId),
    );
    expect(upsert[0]?.subject).toBe('Team');
    expect((await b.sock.groupMetadata(groupId)).participants).toHaveLength(4);
    expect(sim.group(groupId)).toMatchObject({ subject: 'Team', owner: A, announce: false, locked: false });
    expect(sim.groupsOf(C1)).toEqual([groupId]);
    expect(Object.keys(await b.sock.groupFetchAllParticipating())).toEqual([groupId]);
  });

  it('relays a group text to member accounts and collects member contacts receipts', async () => {
    const sent = await a.sock.sendMessage(groupId, { text: 'hello team' });
    const id = sent?.key.id as string;
    expect((await a.rec.waitFor<AckNode>('ack', ackFor(id))).attrs.error).toBeUndefined();
    const got = await b.rec.waitFor<Upsert>('messages.upsert', (u) =>
      u.messages.some((m) => m.key.id === id),
    );
    const msg = got.messages.find((m) => m.key.id === id);
    expect(msg?.key.remoteJid).toBe(groupId);
    expect(msg?.key.participant).toBe(jid(A));
    expect(msg?.message?.conversation ?? msg?.message?.extendedTextMessage?.text).toBe('hello team');
    for (const c of [C1, C2]) {
      await a.rec.waitFor<ReceiptUpdate[]>('message-receipt.update', (us) =>
        us.some((u) => u.key.id === id && u.receipt.userJid === jid(c) && !!u.receipt.readTimestamp),
      );
    }
    const logged = sim.messages().find((m) => m.id === id);
    expect(logged).toMatchObject({ group: groupId, to: groupId, from: A, text: 'hello team' });
    expect(logged?.receipts?.[C1]?.readAt).toBeGreaterThan(0);
    // The next message carries no sender-key distribution: everyone decrypts with the key they hold.
    const next = await a.sock.sendMessage(groupId, { text: 'second' });
    const nextId = next?.key.id as string;
    const again = await b.rec.waitFor<Upsert>('messages.upsert', (u) =>
      u.messages.some((m) => m.key.id === nextId),
    );
    const second = again.messages.find((m) => m.key.id === nextId)?.message;
    expect(second?.conversation ?? second?.extendedTextMessage?.text).toBe('second');
    expect(sim.messages().find((m) => m.id === nextId)?.text).toBe('second');
  });

  it('notifies subject, description and settings changes', async () => {
    await a.sock.groupUpdateSubject(groupId, 'Team 2');
    await b.rec.waitFor<GroupUpdate[]>('groups.update', (us) => us.some((u) => u.subject === 'Team 2'));
    await a.sock.groupUpdateDescription(groupId, 'about us');
    await b.rec.waitFor<GroupUpdate[]>('groups.update', (us) => us.some((u) => u.desc === 'about us'));
    await a.sock.groupSettingUpdate(groupId, 'announcement');
    await b.rec.waitFor<GroupUpdate[]>('groups.update', (us) => us.some((u) => u.announce === true));
    await a.sock.groupSettingUpdate(groupId, 'locked');
    await b.rec.waitFor<GroupUpdate[]>('groups.update', (us) => us.some((u) => u.restrict === true));
    expect(sim.group(groupId)).toMatchObject({
      subject: 'Team 2',
      description: 'about us',
      announce: true,
      locked: true,
    });
    // A member may not send to an announcement group, nor edit a locked one.
    const refused = await b.sock.sendMessage(groupId, { text: 'me too' });
    expect((await b.rec.waitFor<AckNode>('ack', ackFor(refused?.key.id as string))).attrs.error).toBe('403');
    await expect(b.sock.groupUpdateSubject(groupId, 'mine')).rejects.toMatchObject({ data: 403 });
    await expect(b.sock.groupSettingUpdate(groupId, 'not_announcement')).rejects.toMatchObject({
      data: 403,
    });
    await a.sock.groupSettingUpdate(groupId, 'not_announcement');
    sim.updateGroup(groupId, { by: A, locked: false });
    await b.rec.waitFor<GroupUpdate[]>('groups.update', (us) => us.some((u) => u.restrict === false));
  });

  it('adds, promotes, demotes and removes participants with per-participant status', async () => {
    const added = await a.sock.groupParticipantsUpdate(groupId, [jid(C3), jid(C1)], 'add');
    expect(added.map((r) => [r.jid, r.status])).toEqual([
      [jid(C3), '200'],
      [jid(C1), '409'],
    ]);
    await b.rec.waitFor<ParticipantsUpdate>(
      'group-participants.update',
      (u) => u.action === 'add' && u.participants.some((p) => p.id === jid(C3)),
    );
    await a.sock.groupParticipantsUpdate(groupId, [jid(B)], 'promote');
    await b.rec.waitFor<ParticipantsUpdate>('group-participants.update', (u) => u.action === 'promote');
    expect(sim.group(groupId).participants.find((p) => p.phone === B)?.role).toBe('admin');
    await a.sock.groupParticipantsUpdate(groupId, [jid(B)], 'demote');
    await b.rec.waitFor<ParticipantsUpdate>('group-participants.update', (u) => u.action === 'demote');
    // A member cannot remove anyone.
    await expect(b.sock.groupParticipantsUpdate(groupId, [jid(C3)], 'remove')).rejects.toMatchObject({
      data: 403,
    });
    const removed = await a.sock.groupParticipantsUpdate(
      groupId,
      [jid(C3), '15550009999@s.whatsapp.net'],
      'remove',
    );
    expect(removed.map((r) => r.status)).toEqual(['200', '404']);
    await b.rec.waitFor<ParticipantsUpdate>(
      'group-participants.update',
      (u) => u.action === 'remove' && u.participants.some((p) => p.id === jid(C3)),
    );
    // A contact admin acting through the API.
    expect(sim.groupAction(groupId, { by: A, action: 'promote', participants: [C2] })).toEqual([
      { phone: C2, status: 200 },
    ]);
    sim.groupAction(groupId, { by: C2, action: 'add', participants: [C3] });
    await a.rec.waitFor<ParticipantsUpdate>(
      'group-participants.update',
      (u) => u.action === 'add' && u.author === jid(C2),
    );
    expect(() => sim.groupAction(groupId, { by: C1, action: 'remove', participants: [C3] })).toThrow(
      /not an admin/,
    );
  });

  it('gets, revokes and joins by invite code; a member leaves', async () => {
    const code = await a.sock.groupInviteCode(groupId);
    expect(code).toBe(sim.group(groupId).inviteCode);
    await expect(b.sock.groupInviteCode(groupId)).rejects.toMatchObject({ data: 403 });
    const revoked = await a.sock.groupRevokeInvite(groupId);
    expect(revoked).not.toBe(code);
    await b.sock.groupLeave(groupId);
    await a.rec.waitFor<ParticipantsUpdate>(
      'group-participants.update',
      (u) => u.action === 'remove' && u.participants.some((p) => p.id === jid(B)),
    );
    expect(sim.groupsOf(B)).toEqual([]);
    await expect(b.sock.groupAcceptInvite(code as string)).rejects.toMatchObject({ data: 404 });
    expect(await b.sock.groupAcceptInvite(revoked as string)).toBe(groupId);
    await a.rec.waitFor<ParticipantsUpdate>(
      'group-participants.update',
      (u) => u.action === 'add' && u.participants.some((p) => p.id === jid(B)),
    );
    expect(sim.groupsOf(B)).toEqual([groupId]);
  });

  it('delivers a member contact text with key.participant', async () => {
    const { id } = sim.injectGroupInbound({ group: groupId, from: C1, text: 'from c1' });
    for (const client of [a, b]) {
      const got = await client.rec.waitFor<Upsert>('messages.upsert', (u) =>
        u.messages.some((m) => m.key.id === id),
      );
      const msg = got.messages.find((m) => m.key.id === id);
      expect(msg?.key).toMatchObject({ remoteJid: groupId, participant: jid(C1), fromMe: false });
      expect(msg?.message?.conversation).toBe('from c1');
    }
    expect(() => sim.injectGroupInbound({ group: groupId, from: '15550009998', text: 'x' })).toThrow(
      /not a member/,
    );
  });

  it('refuses new 1:1 chats with 463 under a reach-out lock, not existing chats nor groups', async () => {
    const first = await a.sock.sendMessage(jid(C1), { text: 'existing chat' });
    expect(
      (await a.rec.waitFor<AckNode>('ack', ackFor(first?.key.id as string))).attrs.error,
    ).toBeUndefined();
    const until = new Date(Date.now() + 60_000);
    sim.setReachOutLock(A, { until });
    const on = await a.rec.waitFor<Lock>('connection.update', (u) => u.reachoutTimeLock?.isActive === true);
    expect(on.reachoutTimeLock?.timeEnforcementEnds?.getTime()).toBe(
      Math.ceil(until.getTime() / 1000) * 1000,
    );
    const fresh = await a.sock.sendMessage(jid(C3), { text: 'new chat' });
    const freshId = fresh?.key.id as string;
    expect((await a.rec.waitFor<AckNode>('ack', ackFor(freshId))).attrs.error).toBe('463');
    const failed = await a.rec.waitFor<StatusEvent>('status', (s) => s.id === freshId && s.status === 0);
    expect(failed.params?.[0]).toBe('463');
    // Baileys 7.0.0-rc14 treats 463 as a missing tctoken and does not fetch the lock by itself; the
    // w:mex query (fetchAccountReachoutTimelock) is answered with it.
    expect(await a.sock.fetchAccountReachoutTimelock()).toMatchObject({
      isActive: true,
      enforcementType: 'DEFAULT',
    });
    expect(sim.messages().find((m) => m.id === freshId)).toMatchObject({ ackError: 463 });
    const old = await a.sock.sendMessage(jid(C1), { text: 'still fine' });
    expect((await a.rec.waitFor<AckNode>('ack', ackFor(old?.key.id as string))).attrs.error).toBeUndefined();
    const inGroup = await a.sock.sendMessage(groupId, { text: 'groups are exempt' });
    expect(
      (await a.rec.waitFor<AckNode>('ack', ackFor(inGroup?.key.id as string))).attrs.error,
    ).toBeUndefined();
    sim.clearReachOutLock(A);
    await a.rec.waitFor<Lock>('connection.update', (u) => u.reachoutTimeLock?.isActive === false);
    const after = await a.sock.sendMessage(jid(C3), { text: 'new chat again' });
    expect(
      (await a.rec.waitFor<AckNode>('ack', ackFor(after?.key.id as string))).attrs.error,
    ).toBeUndefined();
  });

  it('lifts a reach-out lock by itself at until', async () => {
    const countOff = () =>
      b.rec.events.filter(
        (e) => e.name === 'connection.update' && (e.data as Lock).reachoutTimeLock?.isActive === false,
      ).length;
    const before = countOff();
    sim.setReachOutLock(B, { until: new Date(Date.now() + 300) });
    await b.rec.waitFor<Lock>('connection.update', (u) => u.reachoutTimeLock?.isActive === true);
    sim.addContact({ phone: '15550002104' });
    const fresh = await b.sock.sendMessage(jid('15550002104'), { text: 'x' });
    expect((await b.rec.waitFor<AckNode>('ack', ackFor(fresh?.key.id as string))).attrs.error).toBe('463');
    await new Promise((r) => setTimeout(r, 500));
    expect(countOff()).toBe(before + 1);
    const later = await b.sock.sendMessage(jid('15550002104'), { text: 'y' });
    expect(
      (await b.rec.waitFor<AckNode>('ack', ackFor(later?.key.id as string))).attrs.error,
    ).toBeUndefined();
  });
});

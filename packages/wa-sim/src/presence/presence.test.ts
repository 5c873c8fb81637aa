import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlClient } from '../control-client.js';
import { type Simulator, startSimulator } from '../simulator.js';
import { connectClient, type MemoryAuth, pairByQr, type TestClient } from '../test-support/client.js';

type PresenceUpdate = {
  id: string;
  presences: Record<string, { lastKnownPresence: string; lastSeen?: number }>;
};
type CredsUpdate = { me?: { name?: string } };

const A = '15550004001';
const B = '15550004002';
const E = '15550004003';
const C1 = '15550004101';
const C2 = '15550004102';
const jid = (phone: string) => `${phone}@s.whatsapp.net`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The next `presence.update` of `who` that shows `state` (past ones included). */
const presenceOf = (client: TestClient, who: string, state: string) =>
  client.rec.waitFor<PresenceUpdate>(
    'presence.update',
    (u) => u.id === jid(who) && u.presences[jid(who)]?.lastKnownPresence === state,
  );

const updatesOf = (client: TestClient, who: string) =>
  client.rec.events.filter((e) => e.name === 'presence.update' && (e.data as PresenceUpdate).id === jid(who))
    .length;

describe('presence', () => {
  let sim: Simulator;
  let a: TestClient;
  let b: TestClient;
  const clients: TestClient[] = [];
  const pair = (phone: string) =>
    pairByQr(sim, phone, (auth: MemoryAuth) => {
      const client = connectClient(sim.url, auth);
      clients.push(client);
      return client;
    });

  beforeAll(async () => {
    sim = await startSimulator({ media: false });
    sim.addContact({ phone: C1, pushName: 'Carol' });
    sim.addContact({ phone: C2 });
    // Baileys sends `sendPresenceUpdate('available' | 'unavailable')` only once it knows its push
    // name: the phone of an account with a name syncs it to the device (app state).
    sim.createAccount({ phone: A });
    sim.setProfile(A, { name: 'Alice' });
    [a, b] = await Promise.all([pair(A), pair(B)]);
    await a.rec.waitFor<CredsUpdate>('creds.update', (u) => u.me?.name === 'Alice');
  });

  afterAll(async () => {
    for (const c of clients) c.sock.end(undefined);
    await sim.close();
  });

  it("answers presenceSubscribe with a contact's presence, then relays every change", async () => {
    await a.sock.presenceSubscribe(jid(C1));
    const first = await presenceOf(a, C1, 'unavailable');
    expect(first.presences[jid(C1)]?.lastSeen).toBeUndefined();
    expect(sim.presenceOf(C1)).toMatchObject({ presence: 'unavailable', subscribers: [`${A}:1`] });

    expect(sim.setPresence(C1, 'available').presence).toBe('available');
    await presenceOf(a, C1, 'available');
    const before = Math.floor(Date.now() / 1000);
    sim.setPresence(C1, 'unavailable');
    const gone = await a.rec.waitFor<PresenceUpdate>(
      'presence.update',
      (u) => u.id === jid(C1) && u.presences[jid(C1)]?.lastSeen !== undefined,
    );
    expect(gone.presences[jid(C1)]).toEqual({
      lastKnownPresence: 'unavailable',
      lastSeen: expect.any(Number),
    });
    expect(gone.presences[jid(C1)]?.lastSeen).toBeGreaterThanOrEqual(before);
    expect(sim.presenceOf(C1).lastSeen).toBeGreaterThanOrEqual(before * 1000);
    // A contact nobody subscribed to changes without a word to anyone.
    const seen = updatesOf(a, C2);
    sim.setPresence(C2, 'available');
    await sleep(100);
    expect(updatesOf(a, C2)).toBe(seen);
  });

  it("relays an account's sendPresenceUpdate to accounts subscribed to it", async () => {
    await b.sock.presenceSubscribe(jid(A));
    await presenceOf(b, A, 'unavailable');
    await a.sock.sendPresenceUpdate('available');
    await presenceOf(b, A, 'available');
    expect(sim.presenceOf(A)).toMatchObject({ presence: 'available', subscribers: [`${B}:1`] });
    await a.sock.sendPresenceUpdate('unavailable');
    const off = await b.rec.waitFor<PresenceUpdate>(
      'presence.update',
      (u) => u.id === jid(A) && u.presences[jid(A)]?.lastSeen !== undefined,
    );
    expect(off.presences[jid(A)]?.lastKnownPresence).toBe('unavailable');
    // The simulator (the phone, or a test) sets an account's presence too.
    sim.setPresence(A, 'available');
    await presenceOf(b, A, 'available');
    expect(sim.presenceOf(A).presence).toBe('available');
  });

  it('leaves an account without a push name offline: Baileys does not send its presence', async () => {
    await a.sock.presenceSubscribe(jid(B));
    await presenceOf(a, B, 'unavailable');
    await b.sock.sendPresenceUpdate('available');
    await sleep(200);
    expect(sim.presenceOf(B).presence).toBe('unavailable');
  });

  it('relays typing, recording and paused between accounts and records them on contacts', async () => {
    await a.sock.sendPresenceUpdate('composing', jid(B));
    await presenceOf(b, A, 'composing');
    await a.sock.sendPresenceUpdate('recording', jid(B));
    await presenceOf(b, A, 'recording');
    const count = updatesOf(b, A);
    await a.sock.sendPresenceUpdate('paused', jid(B));
    // Baileys reads `paused` as available.
    await b.rec.waitFor<PresenceUpdate>(
      'presence.update',
      (u) =>
        u.id === jid(A) && updatesOf(b, A) > count && u.presences[jid(A)]?.lastKnownPresence === 'available',
    );
    expect(sim.presenceOf(B).chatStates).toEqual({ [A]: 'paused' });
    await b.sock.sendPresenceUpdate('composing', jid(C1));
    await expect.poll(() => sim.presenceOf(C1).chatStates).toEqual({ [B]: 'composing' });
  });

  it('makes an account unavailable when the device that made it available goes away', async () => {
    const e = await pair(E);
    sim.setProfile(E, { name: 'Eve' });
    await e.rec.waitFor<CredsUpdate>('creds.update', (u) => u.me?.name === 'Eve');
    await a.sock.presenceSubscribe(jid(E));
    await e.sock.sendPresenceUpdate('available');
    await presenceOf(a, E, 'available');
    sim.disconnect(E);
    const left = await a.rec.waitFor<PresenceUpdate>(
      'presence.update',
      (u) => u.id === jid(E) && u.presences[jid(E)]?.lastSeen !== undefined,
    );
    expect(left.presences[jid(E)]?.lastKnownPresence).toBe('unavailable');
    expect(sim.presenceOf(E).presence).toBe('unavailable');
  });

  it('hides the presence of an account from one it blocked', async () => {
    // B learns A's LID from A's message: Baileys' block names it.
    const hi = await a.sock.sendMessage(jid(B), { text: 'hi' });
    await b.rec.waitFor<{ messages: Array<{ key: { id?: string } }> }>('messages.upsert', (u) =>
      u.messages.some((m) => m.key.id === hi?.key.id),
    );
    await b.sock.updateBlockStatus(jid(A), 'block');
    expect(sim.blocklistOf(B)).toEqual([A]);
    const seen = updatesOf(a, B);
    sim.setPresence(B, 'available');
    await a.sock.presenceSubscribe(jid(B));
    await sleep(200);
    expect(updatesOf(a, B)).toBe(seen);
    await b.sock.updateBlockStatus(jid(A), 'unblock');
    sim.setPresence(B, 'unavailable');
    await presenceOf(a, B, 'unavailable');
  });

  it('refuses unknown numbers and presences, also over HTTP and the control client', async () => {
    expect(() => sim.setPresence('15550009999', 'available')).toThrow(
      'unknown phone number: 15550009999 (neither an account nor a contact)',
    );
    expect(() => sim.presenceOf('15550009999')).toThrow(/unknown phone number/);
    expect(() => sim.setPresence(C1, 'busy' as never)).toThrow(
      "presence must be 'available' or 'unavailable', got busy",
    );
    const client = controlClient(sim.controlUrl);
    expect((await client.setPresence(C1, 'available')).presence).toBe('available');
    await presenceOf(a, C1, 'available');
    expect(await client.presenceOf(C1)).toMatchObject({ presence: 'available', subscribers: [`${A}:1`] });
    await expect(client.setPresence('15550009999', 'available')).rejects.toThrow(
      'simulator: unknown phone number: 15550009999 (neither an account nor a contact)',
    );
    const res = await fetch(`${sim.controlUrl}/presence`, {
      method: 'POST',
      body: JSON.stringify({ phone: C1, presence: 'away' }),
    });
    expect(res.status).toBe(400);
    expect(sim.state().contacts.find((c) => c.phone === C1)?.presence.presence).toBe('available');
  });
});

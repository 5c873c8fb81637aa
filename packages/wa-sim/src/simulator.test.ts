import { WA_CERT_DETAILS } from '@whiskeysockets/baileys';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeUInt } from './nodes.js';
import { type Simulator, startSimulator } from './simulator.js';
import {
  type ConnectionUpdate,
  closeCode,
  connectClient,
  isClose,
  isOpen,
  type MemoryAuth,
  makeMemoryAuth,
  type StatusEvent,
  type TestClient,
} from './test-support/client.js';

let sim: Simulator;
const clients: TestClient[] = [];
const originalRootKey = WA_CERT_DETAILS.PUBLIC_KEY;

/** What every test client sent, by id: their `getMessage` (retry receipts) answers from it. */
const sentTexts = new Map<string, string>();

const connect = (auth: MemoryAuth): TestClient => {
  const client = connectClient(sim.url, auth, {
    getMessage: async (key) => {
      const text = key.id ? sentTexts.get(key.id) : undefined;
      return text === undefined ? undefined : { extendedTextMessage: { text } };
    },
  });
  clients.push(client);
  return client;
};

/** QR pairing as a user does it: first socket shows a QR, the phone scans, 515, second socket opens. */
const pair = async (phone: string): Promise<TestClient> => {
  const auth = makeMemoryAuth();
  const first = connect(auth);
  const { qr } = await first.rec.waitFor<ConnectionUpdate>('connection.update', (u) => !!u.qr);
  await sim.scanQr(qr as string, { phone });
  const closed = await first.rec.waitFor<ConnectionUpdate>('connection.update', isClose);
  expect(closeCode(closed)).toBe(515);
  const second = connect(auth);
  await second.rec.waitFor<ConnectionUpdate>('connection.update', isOpen);
  return second;
};

beforeAll(async () => {
  sim = await startSimulator();
  // A strict verifier would now accept the simulator's certificate chain.
  WA_CERT_DETAILS.PUBLIC_KEY = sim.rootPublicKey;
});

afterEach(() => {
  for (const c of clients.splice(0)) c.sock.end(undefined);
});

afterAll(async () => {
  WA_CERT_DETAILS.PUBLIC_KEY = originalRootKey;
  await sim?.close();
});

describe('pairing and login', () => {
  it('pairs by QR, restarts with 515 and opens with isNewLogin', async () => {
    const auth = makeMemoryAuth();
    const first = connect(auth);
    const { qr } = await first.rec.waitFor<ConnectionUpdate>('connection.update', (u) => !!u.qr);
    expect(qr).toMatch(/^https:\/\/wa\.me\/settings\/linked_devices#/);
    const paired = await sim.scanQr(qr as string, { phone: '15550000001' });
    expect(paired.phone).toBe('15550000001');
    await first.rec.waitFor<ConnectionUpdate>('connection.update', (u) => u.isNewLogin === true);
    const closed = await first.rec.waitFor<ConnectionUpdate>('connection.update', isClose);
    expect(closeCode(closed)).toBe(515);

    const second = connect(auth);
    await second.rec.waitFor<ConnectionUpdate>('connection.update', isOpen);
    expect(auth.creds.me?.id).toBe(paired.jid);
    expect(auth.creds.me?.lid).toMatch(/^\d+:\d+@lid$/);
    expect(sim.devices('15550000001')).toMatchObject([{ id: paired.device, connected: true }]);
  });

  it('logs in again with saved creds, and refuses unknown creds with 401', async () => {
    const paired = await pair('15550000002');
    const auth = paired.auth;
    paired.sock.end(undefined);
    await paired.rec.waitFor<ConnectionUpdate>('connection.update', isClose);

    const again = connect(auth);
    await again.rec.waitFor<ConnectionUpdate>('connection.update', isOpen);
    expect(
      again.rec.events.some((e) => e.name === 'connection.update' && !!(e.data as ConnectionUpdate).qr),
    ).toBe(false);

    // Same identity claims, different noise key: the server must not accept it.
    const forged = makeMemoryAuth();
    forged.creds.me = { ...(auth.creds.me as { id: string }) };
    const intruder = connect(forged);
    const closed = await intruder.rec.waitFor<ConnectionUpdate>('connection.update', isClose);
    expect(closeCode(closed)).toBe(401);
  });
});

describe('pairing by phone-number code', () => {
  it('pairs with requestPairingCode: the phone enters the code, 515, and the client opens', async () => {
    const auth = makeMemoryAuth();
    const first = connect(auth);
    await first.rec.waitFor<ConnectionUpdate>('connection.update', (u) => !!u.qr);
    const code = await first.sock.requestPairingCode('15550000061');
    expect(code).toMatch(/^[0-9A-Z]{8}$/);

    // A wrong code fails on the phone, and the request stays open for the right one.
    const wrong = code.startsWith('ZZZZ') ? 'YYYYYYYY' : 'ZZZZZZZZ';
    await expect(sim.enterPairingCode('15550000061', wrong)).rejects.toThrow(/wrong pairing code/);
    expect(sim.devices('15550000061')).toEqual([]);

    const paired = await sim.enterPairingCode('+1 555-000-0061', `${code.slice(0, 4)}-${code.slice(4)}`);
    expect(paired).toMatchObject({ phone: '15550000061', device: 1, jid: '15550000061:1@s.whatsapp.net' });
    await first.rec.waitFor<ConnectionUpdate>('connection.update', (u) => u.isNewLogin === true);
    expect(closeCode(await first.rec.waitFor<ConnectionUpdate>('connection.update', isClose))).toBe(515);
    expect(auth.creds.registered).toBe(true);

    const second = connect(auth);
    await second.rec.waitFor<ConnectionUpdate>('connection.update', isOpen);
    expect(auth.creds.me?.id).toBe(paired.jid);
    expect(auth.creds.me?.lid).toBe(`${paired.lid}:1@lid`);
    expect(sim.devices('15550000061')).toMatchObject([{ id: 1, connected: true }]);

    // A working device: it sends, and it receives.
    sim.addContact({ phone: '15559990061', behaviour: 'auto-deliver' });
    const sent = await second.sock.sendMessage('15559990061@s.whatsapp.net', { text: 'paired by code' });
    expect(
      (await second.rec.waitFor<AckNode>('ack', ackFor(sent?.key.id as string))).attrs.error,
    ).toBeUndefined();
    sim.injectInbound({ to: '15550000061', from: '15559990061', text: 'welcome' });
    await second.rec.waitFor<Upsert>('messages.upsert', upsertWith('welcome'));
  });

  it('refuses a malformed code', async () => {
    await expect(sim.enterPairingCode('15550000062', 'ABCD')).rejects.toThrow(/8 characters/);
  });
});

type Msg = {
  messageTimestamp?: number | { toString(): string } | null;
  key: { id?: string; remoteJid?: string; remoteJidAlt?: string; fromMe?: boolean };
  message?: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } | null;
};
type Upsert = { messages: Msg[]; type: string };
type AckNode = { attrs: Record<string, string> };

const textOf = (m: Msg): string | null | undefined =>
  m.message?.conversation ?? m.message?.extendedTextMessage?.text;
const upsertWith = (text: string) => (u: Upsert) =>
  u.messages.some((m) => !m.key.fromMe && textOf(m) === text);
const findText = (u: Upsert, text: string): Msg | undefined => u.messages.find((m) => textOf(m) === text);
/** Status at least `status` (ERROR = 0 must be asked for exactly). */
const statusFor = (id: string, status: number) => (s: StatusEvent) =>
  s.id === id && (status === 0 ? s.status === 0 : s.status >= status);
const ackFor = (id: string) => (n: AckNode) => n.attrs.id === id;

describe('messages between accounts', () => {
  it('relays text both ways with server ack, delivered and read', async () => {
    const alice = await pair('15550000011');
    const bob = await pair('15550000012');
    const aliceJid = '15550000011@s.whatsapp.net';
    const bobJid = '15550000012@s.whatsapp.net';

    const sent = await alice.sock.sendMessage(bobJid, { text: 'hello bob' });
    const id = sent?.key.id as string;
    const ack = await alice.rec.waitFor<AckNode>('ack', ackFor(id));
    expect(ack.attrs.error).toBeUndefined();
    const received = await bob.rec.waitFor<Upsert>('messages.upsert', upsertWith('hello bob'));
    const inMsg = findText(received, 'hello bob');
    expect(inMsg?.key.remoteJid).toBe(aliceJid);
    await alice.rec.waitFor<StatusEvent>('status', statusFor(id, 3));
    await bob.sock.readMessages([inMsg?.key as { id: string; remoteJid: string }]);
    await alice.rec.waitFor<StatusEvent>('status', statusFor(id, 4));

    const back = await bob.sock.sendMessage(aliceJid, { text: 'hi alice' });
    const backAck = await bob.rec.waitFor<AckNode>('ack', ackFor(back?.key.id as string));
    expect(backAck.attrs.error).toBeUndefined();
    await alice.rec.waitFor<Upsert>('messages.upsert', upsertWith('hi alice'));
    await bob.rec.waitFor<StatusEvent>('status', statusFor(back?.key.id as string, 3));

    const log = sim.messages().find((m) => m.id === id);
    expect(log).toMatchObject({
      direction: 'account-to-account',
      from: '15550000011',
      to: '15550000012',
      text: 'hello bob',
    });
    expect(log?.deliveredAt).toBeTypeOf('number');
    expect(log?.readAt).toBeTypeOf('number');
  });
});

describe('external contacts', () => {
  it('acks, then delivers and reads per behaviour, and fails sends on purpose', async () => {
    const me = await pair('15550000021');
    sim.addContact({ phone: '15559990001', behaviour: 'auto-read', receiptDelayMs: 20 });
    sim.addContact({ phone: '15559990002', behaviour: 'never-deliver' });
    sim.addContact({ phone: '15559990003', behaviour: 'auto-deliver', sendError: 463 });

    const read = await me.sock.sendMessage('15559990001@s.whatsapp.net', { text: 'to reader' });
    const readId = read?.key.id as string;
    expect((await me.rec.waitFor<AckNode>('ack', ackFor(readId))).attrs.error).toBeUndefined();
    await me.rec.waitFor<StatusEvent>('status', statusFor(readId, 3));
    await me.rec.waitFor<StatusEvent>('status', statusFor(readId, 4));

    const silent = await me.sock.sendMessage('15559990002@s.whatsapp.net', { text: 'to the void' });
    const silentId = silent?.key.id as string;
    expect((await me.rec.waitFor<AckNode>('ack', ackFor(silentId))).attrs.error).toBeUndefined();

    const failed = await me.sock.sendMessage('15559990003@s.whatsapp.net', { text: 'blocked' });
    const failedId = failed?.key.id as string;
    expect((await me.rec.waitFor<AckNode>('ack', ackFor(failedId))).attrs.error).toBe('463');
    const error = await me.rec.waitFor<StatusEvent>('status', statusFor(failedId, 0));
    expect(error.params?.[0]).toBe('463');

    // Everything after the failed send has been processed, so no receipt came for the silent one.
    expect(
      me.rec.events.some((e) => e.name === 'status' && statusFor(silentId, 3)(e.data as StatusEvent)),
    ).toBe(false);
    const log = sim.messages();
    expect(log.find((m) => m.id === readId)).toMatchObject({
      direction: 'account-to-contact',
      text: 'to reader',
    });
    expect(log.find((m) => m.id === silentId)?.deliveredAt).toBeUndefined();
    expect(log.find((m) => m.id === failedId)?.ackError).toBe(463);
  });

  it('fails the next N sends with the given code, and a reply contact echoes the text', async () => {
    const me = await pair('15550000022');
    sim.addContact({ phone: '15559990004', behaviour: 'reply' });
    sim.failNextSends('15550000022', 479, 1);
    const first = await me.sock.sendMessage('15559990004@s.whatsapp.net', { text: 'first' });
    expect((await me.rec.waitFor<AckNode>('ack', ackFor(first?.key.id as string))).attrs.error).toBe('479');
    const second = await me.sock.sendMessage('15559990004@s.whatsapp.net', { text: 'echo me' });
    expect(
      (await me.rec.waitFor<AckNode>('ack', ackFor(second?.key.id as string))).attrs.error,
    ).toBeUndefined();
    const echo = await me.rec.waitFor<Upsert>('messages.upsert', upsertWith('echo me'));
    expect(findText(echo, 'echo me')?.key.remoteJid).toBe('15559990004@s.whatsapp.net');
  });
});

describe('retry receipts', () => {
  it('a contact that asks for a retry gets the message again, then delivers and reads it', async () => {
    const me = await pair('15550000071');
    sim.addContact({ phone: '15559990071', behaviour: 'auto-read', receiptDelayMs: 20, retryRequests: 1 });
    const sent = await me.sock.sendMessage('15559990071@s.whatsapp.net', { text: 'say that again' });
    const id = sent?.key.id as string;
    await me.rec.waitFor<StatusEvent>('status', statusFor(id, 4));
    const log = sim.messages().filter((m) => m.id === id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ text: 'say that again', retryRequests: 1 });
    expect(log[0]?.resends).toEqual([{ at: expect.any(Number), text: 'say that again' }]);
    // The receipts came for the copy sent again, not for the first one.
    expect(log[0]?.deliveredAt).toBeGreaterThanOrEqual(log[0]?.resends?.[0]?.at as number);
  });

  it("requestRetry: the recipient (a contact, or an account's phone) asks later and gets one more copy", async () => {
    const alice = await pair('15550000072');
    await pair('15550000073');
    sim.addContact({ phone: '15559990072', behaviour: 'never-deliver' });
    const sent = await alice.sock.sendMessage('15559990072@s.whatsapp.net', { text: 'once more' });
    const id = sent?.key.id as string;
    await alice.rec.waitFor<AckNode>('ack', ackFor(id));
    expect(() => sim.requestRetry('NOPE')).toThrow(/no message/);

    sim.requestRetry(id);
    await waitUntil(() => sim.messages().find((m) => m.id === id)?.resends?.length === 1);
    expect(sim.messages().find((m) => m.id === id)?.resends?.[0]?.text).toBe('once more');

    const toBob = await alice.sock.sendMessage('15550000073@s.whatsapp.net', { text: 'bob, again' });
    const bobId = toBob?.key.id as string;
    await alice.rec.waitFor<StatusEvent>('status', statusFor(bobId, 3));
    sim.requestRetry(bobId);
    await waitUntil(() => sim.messages().find((m) => m.id === bobId)?.resends?.length === 1);
    expect(sim.messages().find((m) => m.id === bobId)).toMatchObject({
      direction: 'account-to-account',
      retryRequests: 1,
      resends: [{ text: 'bob, again' }],
    });
    expect(sim.messages().filter((m) => m.id === bobId)).toHaveLength(1);
  });

  it("relays a real client's retry receipt to the sending device, which re-sends to that device only", async () => {
    const alice = await pair('15550000074');
    const bob = await pair('15550000075');
    const sent = await alice.sock.sendMessage('15550000075@s.whatsapp.net', { text: 'decrypt me' });
    const id = sent?.key.id as string;
    // A retry from a companion device names the device (`from=PHONE:1@…`), which Baileys' cache of
    // recent sends (keyed by the chat) does not match: only getMessage can answer it.
    sentTexts.set(id, 'decrypt me');
    const first = await bob.rec.waitFor<Upsert>('messages.upsert', upsertWith('decrypt me'));
    const t = String(first.messages[0]?.messageTimestamp ?? Math.floor(Date.now() / 1000));
    // What Baileys' sendRetryRequest writes when it cannot decrypt a message.
    await bob.sock.sendNode({
      tag: 'receipt',
      attrs: { id, type: 'retry', to: alice.auth.creds.me?.id as string },
      content: [
        { tag: 'retry', attrs: { count: '1', id, t, v: '1', error: '0' } },
        { tag: 'registration', attrs: {}, content: writeUInt(bob.auth.creds.registrationId, 4) },
      ],
    });
    await waitUntil(() => sim.messages().find((m) => m.id === id)?.resends?.length === 1);
    // Only bob's companion got the copy (the phone would have decrypted it for the log).
    expect(sim.messages().find((m) => m.id === id)).toMatchObject({ retryRequests: 1, resends: [{}] });
    expect(sim.messages().find((m) => m.id === id)?.resends?.[0]?.text).toBeUndefined();
    await waitUntil(
      () =>
        bob.rec.events.filter(
          (e) => e.name === 'messages.upsert' && (e.data as Upsert).messages.some((m) => m.key.id === id),
        ).length >= 2,
    );
  });
});

describe('inbound from external numbers', () => {
  it('delivers an injected text with the sender PN and LID', async () => {
    const me = await pair('15550000031');
    const contact = sim.addContact({ phone: '15559990011' });
    const { id } = sim.injectInbound({ to: '15550000031', from: '15559990011', text: 'hello from outside' });
    const upsert = await me.rec.waitFor<Upsert>('messages.upsert', upsertWith('hello from outside'));
    expect(upsert.type).toBe('notify');
    const msg = findText(upsert, 'hello from outside');
    expect(msg?.key).toMatchObject({
      id,
      fromMe: false,
      remoteJid: '15559990011@s.whatsapp.net',
      remoteJidAlt: `${contact.lid}@lid`,
    });
    await me.sock.readMessages([msg?.key as { id: string; remoteJid: string }]);
    await waitUntil(() => sim.messages().find((m) => m.id === id)?.readAt !== undefined);
  });
});

describe('faults', () => {
  it('kick 440 closes with connectionReplaced; kick 401 logs the device out', async () => {
    const me = await pair('15550000041');
    expect(sim.kick('15550000041', 440)).toBe(1);
    const replaced = await me.rec.waitFor<ConnectionUpdate>('connection.update', isClose);
    expect(closeCode(replaced)).toBe(440);

    const again = connect(me.auth);
    await again.rec.waitFor<ConnectionUpdate>('connection.update', isOpen);
    expect(sim.kick('15550000041', 401)).toBe(1);
    const loggedOut = await again.rec.waitFor<ConnectionUpdate>('connection.update', isClose);
    expect(closeCode(loggedOut)).toBe(401);
    expect(sim.devices('15550000041')).toEqual([]);

    const retry = connect(me.auth);
    expect(closeCode(await retry.rec.waitFor<ConnectionUpdate>('connection.update', isClose))).toBe(401);
  });

  it('a second socket on the same creds replaces the first with 440; kick 515 asks for a restart', async () => {
    const first = await pair('15550000043');
    const second = connect(first.auth);
    await second.rec.waitFor<ConnectionUpdate>('connection.update', isOpen);
    expect(closeCode(await first.rec.waitFor<ConnectionUpdate>('connection.update', isClose))).toBe(440);
    expect(sim.kick('15550000043', 515)).toBe(1);
    expect(closeCode(await second.rec.waitFor<ConnectionUpdate>('connection.update', isClose))).toBe(515);
  });

  it('an abrupt disconnect is transient; messages sent meanwhile arrive offline on reconnect', async () => {
    const me = await pair('15550000042');
    expect(sim.disconnect('15550000042')).toBe(1);
    const closed = await me.rec.waitFor<ConnectionUpdate>('connection.update', isClose);
    expect([408, 428, 500, 503]).toContain(closeCode(closed));
    await waitUntil(() => sim.devices('15550000042')[0]?.connected === false);

    const { id } = sim.injectInbound({ to: '15550000042', from: '15559990021', text: 'while you were away' });
    expect(sim.devices('15550000042')[0]?.queued).toBe(1);

    const back = connect(me.auth);
    const upsert = await back.rec.waitFor<Upsert>('messages.upsert', upsertWith('while you were away'));
    expect(upsert.type).toBe('append');
    expect(findText(upsert, 'while you were away')?.key.id).toBe(id);
    await back.rec.waitFor<ConnectionUpdate>('connection.update', isOpen);
  });
});

describe('offline accounts', () => {
  it('holds a message for an offline account and forwards its delivered receipt after reconnect', async () => {
    const alice = await pair('15550000051');
    const bob = await pair('15550000052');
    bob.sock.end(undefined);
    await bob.rec.waitFor<ConnectionUpdate>('connection.update', isClose);
    await waitUntil(() => sim.devices('15550000052')[0]?.connected === false);

    const sent = await alice.sock.sendMessage('15550000052@s.whatsapp.net', { text: 'are you there' });
    const id = sent?.key.id as string;
    expect((await alice.rec.waitFor<AckNode>('ack', ackFor(id))).attrs.error).toBeUndefined();
    expect(sim.devices('15550000052')[0]?.queued).toBe(1);

    const back = connect(bob.auth);
    const upsert = await back.rec.waitFor<Upsert>('messages.upsert', upsertWith('are you there'));
    expect(upsert.type).toBe('append');
    await alice.rec.waitFor<StatusEvent>('status', statusFor(id, 3));
  });
});

/**
 * Polls a condition that has no event (server-side state). No deadline of its own: a busy machine
 * only makes it slower; the test's timeout bounds it.
 */
const waitUntil = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
};

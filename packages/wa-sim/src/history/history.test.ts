import { inflateSync } from 'node:zlib';
import makeWASocket, {
  type BaileysEventMap,
  Browsers,
  proto,
  WA_CERT_DETAILS,
  type WASocket,
} from '@whiskeysockets/baileys';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator.js';
import { type ConnectionUpdate, isClose, isOpen, makeMemoryAuth, Recorder } from '../test-support/client.js';
import { generateHistory } from './generate.js';
import { buildHistoryChunks } from './history-sync.js';
import { type FetchDispatcher, whatsappMediaDispatcher } from './media-route.js';

const sims: Simulator[] = [];
const sockets: WASocket[] = [];
const originalRootKey = WA_CERT_DETAILS.PUBLIC_KEY;

afterAll(async () => {
  for (const sock of sockets) sock.end(undefined);
  WA_CERT_DETAILS.PUBLIC_KEY = originalRootKey;
  await Promise.all(sims.map((s) => s.close()));
});

describe('generated history', () => {
  it('is the same for the same seed, with unique contacts and exact counts', () => {
    const options = { contacts: 300, chats: 20, messages: 2000, seed: 7 };
    const a = generateHistory(options, 1_700_000_000);
    expect(generateHistory(options, 1_700_000_000)).toEqual(a);
    expect(generateHistory({ ...options, seed: 8 }, 1_700_000_000)).not.toEqual(a);
    expect(new Set(a.contacts.map((c) => c.phone)).size).toBe(300);
    expect(new Set(a.contacts.map((c) => c.lid)).size).toBe(300);
    expect(a.chats).toHaveLength(20);
    expect(a.chats.reduce((n, c) => n + c.messages.length, 0)).toBe(2000);
    expect(a.chats.every((c) => c.messages.length > 0)).toBe(true);
    const ids = a.chats.flatMap((c) => c.messages.map((m) => m.id));
    expect(new Set(ids).size).toBe(2000);
    // Newest first, both directions, older than "now".
    const busiest = a.chats[0]?.messages ?? [];
    expect(busiest.map((m) => m.timestamp)).toEqual(
      [...busiest.map((m) => m.timestamp)].sort((x, y) => y - x),
    );
    expect(new Set(busiest.map((m) => m.fromMe))).toEqual(new Set([true, false]));
    expect(busiest[0]?.timestamp).toBeLessThanOrEqual(1_700_000_000 - 60);
  });

  it('refuses impossible shapes', () => {
    expect(() => generateHistory({ contacts: 5, chats: 6, messages: 1 })).toThrow(/chats/);
    expect(() => generateHistory({ contacts: 5, chats: 0, messages: 1 })).toThrow(/chat/);
    expect(() => generateHistory({ contacts: -1, chats: 0, messages: 0 })).toThrow(/contacts/);
  });

  it('is cut into bootstrap chunks of at most chunkMessages messages, then push names', () => {
    const chunks = buildHistoryChunks({ contacts: 100, chats: 10, messages: 1000, chunkMessages: 300 });
    const decoded = chunks.map((c) => proto.HistorySync.decode(inflateSync(c.payload)));
    const T = proto.HistorySync.HistorySyncType;
    expect(decoded.map((d) => d.syncType)).toEqual([...Array(4).fill(T.INITIAL_BOOTSTRAP), T.PUSH_NAME]);
    const perChunk = decoded.map((d) => d.conversations.reduce((n, c) => n + (c.messages?.length ?? 0), 0));
    expect(perChunk).toEqual([300, 300, 300, 100, 0]);
    expect(new Set(decoded.flatMap((d) => d.conversations.map((c) => c.id))).size).toBe(10);
    expect(decoded.at(-1)?.pushnames).toHaveLength(100);
    expect(decoded.at(-1)?.phoneNumberToLidMappings).toHaveLength(100);
    expect(chunks.map((c) => c.progress).at(-1)).toBe(100);
  });
});

/** A real Baileys socket that processes history (bootstrap, push names, recent), never the network. */
const connect = (sim: Simulator, auth: ReturnType<typeof makeMemoryAuth>, dispatcher?: FetchDispatcher) => {
  const sock = makeWASocket({
    waWebSocketUrl: sim.url,
    auth,
    logger: pino({ level: process.env.WA_SIM_TEST_LOG ?? 'silent' }),
    version: [2, 3000, 1043857760],
    browser: Browsers.macOS('Chrome'),
    markOnlineOnConnect: false,
    syncFullHistory: false,
    connectTimeoutMs: 15_000,
    defaultQueryTimeoutMs: 15_000,
    ...(dispatcher && { options: { dispatcher } as unknown as RequestInit }),
  });
  sockets.push(sock);
  const rec = new Recorder();
  sock.ev.on('connection.update', (u) => rec.push('connection.update', u));
  return { sock, rec };
};

/** Pairs a device to `phone` and collects every `messaging-history.set` until the counts are reached. */
const linkAndCollect = async (
  sim: Simulator,
  phone: string,
  want: { contacts: number; chats: number; messages: number },
  dispatcher?: FetchDispatcher,
) => {
  const auth = makeMemoryAuth();
  const first = connect(sim, auth, dispatcher);
  const { qr } = await first.rec.waitFor<ConnectionUpdate>('connection.update', (u) => !!u.qr);
  await sim.scanQr(qr as string, { phone });
  await first.rec.waitFor<ConnectionUpdate>('connection.update', isClose);
  const second = connect(sim, auth, dispatcher);
  const contacts = new Set<string>();
  const chats = new Set<string>();
  const messages = new Set<string>();
  const names = new Map<string, string>();
  const mappings = new Set<string>();
  const done = new Promise<void>((resolve) => {
    second.sock.ev.on('messaging-history.set', (set: BaileysEventMap['messaging-history.set']) => {
      for (const c of set.contacts) {
        contacts.add(c.id);
        if (c.notify) names.set(c.id, c.notify);
      }
      for (const c of set.chats) if (c.id) chats.add(c.id);
      for (const m of set.messages) messages.add(`${m.key.remoteJid}/${m.key.id}`);
      for (const m of set.lidPnMappings ?? []) mappings.add(m.lid);
      if (contacts.size >= want.contacts && chats.size >= want.chats && messages.size >= want.messages) {
        resolve();
      }
    });
  });
  await second.rec.waitFor<ConnectionUpdate>('connection.update', isOpen);
  await Promise.race([
    done,
    new Promise((_, reject) => setTimeout(() => reject(new Error('history did not arrive')), 60_000)),
  ]);
  return { contacts, chats, messages, names, mappings };
};

describe('history sync to a linked Baileys device', () => {
  it('delivers 1,000 contacts, 50 chats and 10,000 messages through the media host', async () => {
    const sim = await startSimulator();
    sims.push(sim);
    WA_CERT_DETAILS.PUBLIC_KEY = sim.rootPublicKey;
    const media = sim.media as NonNullable<Simulator['media']>;
    const dispatcher = await whatsappMediaDispatcher(media, `${sim.controlUrl}/state`);
    const history = { contacts: 1000, chats: 50, messages: 10_000, seed: 42 };
    sim.createAccount({ phone: '15550001000', history });
    const got = await linkAndCollect(sim, '15550001000', history, dispatcher);
    expect(got.contacts.size).toBe(1000);
    expect(got.chats.size).toBe(50);
    expect(got.messages.size).toBe(10_000);
    expect(got.mappings.size).toBe(1000);
    const expected = generateHistory(history);
    const first = expected.contacts[0];
    expect(got.names.get(`${first?.phone}@s.whatsapp.net`)).toBe(first?.pushName);
    // The phone's side: 4 bootstrap chunks of 2,500 messages and the push names, all receipted.
    await expect
      .poll(() => sim.devices('15550001000')[0]?.history, { timeout: 5000 })
      .toMatchObject({ notifications: 5, sent: 5, received: 5, messages: 10_000 });
  }, 90_000);

  it('sends the history inline when the simulator has no media host', async () => {
    const sim = await startSimulator({ media: false });
    sims.push(sim);
    WA_CERT_DETAILS.PUBLIC_KEY = sim.rootPublicKey;
    const history = { contacts: 40, chats: 5, messages: 120, chunkMessages: 50 };
    sim.createAccount({ phone: '15550001001', history });
    const got = await linkAndCollect(sim, '15550001001', history);
    expect([got.contacts.size, got.chats.size, got.messages.size]).toEqual([40, 5, 120]);
    expect(sim.devices('15550001001')[0]?.history).toMatchObject({ notifications: 4, sent: 4 });
  }, 60_000);

  it('is given over the control API, which refuses a bad one', async () => {
    const sim = await startSimulator({ media: false });
    sims.push(sim);
    const post = (body: unknown) =>
      fetch(`${sim.controlUrl}/accounts`, { method: 'POST', body: JSON.stringify(body) });
    const ok = await post({ phone: '15550001002', history: { contacts: 10, chats: 2, messages: 30 } });
    expect(ok.status).toBe(200);
    const bad = await post({ phone: '15550001003', history: { contacts: 1, chats: 2, messages: 3 } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'history.chats must be <= history.contacts' });
    expect((await post({ phone: '15550001004', history: 'lots' })).status).toBe(400);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './simulator.js';
import { runStandalone } from './standalone.js';
import {
  connectClient,
  type MemoryAuth,
  pairByQr,
  type StatusEvent,
  type TestClient,
} from './test-support/client.js';

type AckNode = { attrs: Record<string, string> };
type Msg = {
  key: { fromMe?: boolean | null; remoteJid?: string | null };
  message?: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } | null;
};
type Upsert = { messages: Msg[]; type: string };

const ackFor = (id: string) => (n: AckNode) => n.attrs.id === id;
/** Status at least `status` (ERROR = 0 must be asked for exactly). */
const statusFor = (id: string, status: number) => (s: StatusEvent) =>
  s.id === id && (status === 0 ? s.status === 0 : s.status >= status);
const textOf = (m: Msg): string | null | undefined =>
  m.message?.conversation ?? m.message?.extendedTextMessage?.text;

const clients: TestClient[] = [];
const sims: Simulator[] = [];

const start = async (options: Parameters<typeof startSimulator>[0]): Promise<Simulator> => {
  const sim = await startSimulator(options);
  sims.push(sim);
  return sim;
};

const pair = (sim: Simulator, phone: string): Promise<TestClient> =>
  pairByQr(sim, phone, (auth: MemoryAuth) => {
    const client = connectClient(sim.url, auth);
    clients.push(client);
    return client;
  });

afterEach(() => {
  for (const c of clients.splice(0)) c.sock.end(undefined);
});

afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

describe("unknownNumbers: 'not-on-whatsapp' (the default)", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await start({});
  });

  it('leaves unknown numbers off WhatsApp: no contact, a bare ack, no receipts', async () => {
    expect(sim.unknownNumbers).toBe('not-on-whatsapp');
    const me = await pair(sim, '15550000101');
    expect(await me.sock.onWhatsApp('15557770000')).toEqual([]);
    const sent = await me.sock.sendMessage('15557770000@s.whatsapp.net', { text: 'anyone?' });
    const id = sent?.key.id as string;
    expect((await me.rec.waitFor<AckNode>('ack', ackFor(id))).attrs.error).toBeUndefined();
    expect(sim.state().contacts).toEqual([]);
    expect(sim.messages().find((m) => m.id === id)).toBeUndefined();
  });
});

describe("unknownNumbers: 'by-last-digits'", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await start({ unknownNumbers: 'by-last-digits', autoContactDelayMs: 20 });
  });

  it('creates contacts on first lookup that behave like the sandbox engine', async () => {
    const me = await pair(sim, '15550000201');
    expect(await me.sock.onWhatsApp('15557770000')).toEqual([
      { jid: '15557770000@s.whatsapp.net', exists: true },
    ]);
    expect(sim.state().contacts).toMatchObject([
      { phone: '15557770000', behaviour: 'auto-read', receiptDelayMs: 20 },
    ]);

    const send = async (phone: string, text: string) => {
      const sent = await me.sock.sendMessage(`${phone}@s.whatsapp.net`, { text });
      const id = sent?.key.id as string;
      const ack = await me.rec.waitFor<AckNode>('ack', ackFor(id));
      return { id, error: ack.attrs.error };
    };
    const deliveredOnly = await send('15557770001', 'delivered only');
    const neverDelivered = await send('15557770002', 'never delivered');
    const failing = await send('15557770003', 'fails');
    const reader = await send('15557770000', 'read it');
    const echo = await send('15557770004', 'echo this');

    expect(failing.error).toBe('463');
    expect((await me.rec.waitFor<StatusEvent>('status', statusFor(failing.id, 0))).params?.[0]).toBe('463');
    for (const ok of [deliveredOnly, neverDelivered, reader, echo]) expect(ok.error).toBeUndefined();
    await me.rec.waitFor<StatusEvent>('status', statusFor(deliveredOnly.id, 3));
    await me.rec.waitFor<StatusEvent>('status', statusFor(reader.id, 4));
    await me.rec.waitFor<StatusEvent>('status', statusFor(echo.id, 4));
    const reply = await me.rec.waitFor<Upsert>('messages.upsert', (u) =>
      u.messages.some((m) => !m.key.fromMe && textOf(m) === 'echo this'),
    );
    expect(reply.messages.find((m) => textOf(m) === 'echo this')?.key.remoteJid).toBe(
      '15557770004@s.whatsapp.net',
    );

    // The echo was scheduled last (send + 3 steps): every earlier receipt has reached the client.
    const statuses = (id: string) =>
      me.rec.events.filter((e) => e.name === 'status' && (e.data as StatusEvent).id === id);
    expect(statuses(deliveredOnly.id).some((e) => (e.data as StatusEvent).status >= 4)).toBe(false);
    expect(statuses(neverDelivered.id).some((e) => (e.data as StatusEvent).status >= 3)).toBe(false);
    const log = sim.messages();
    expect(log.find((m) => m.id === deliveredOnly.id)).toMatchObject({ text: 'delivered only' });
    expect(log.find((m) => m.id === deliveredOnly.id)?.readAt).toBeUndefined();
    expect(log.find((m) => m.id === neverDelivered.id)?.deliveredAt).toBeUndefined();
    expect(log.find((m) => m.id === failing.id)?.ackError).toBe(463);
    expect(log.find((m) => m.id === echo.id)?.readAt).toBeTypeOf('number');

    expect(
      Object.fromEntries(sim.state().contacts.map((c) => [c.phone.slice(-4), [c.behaviour, c.sendError]])),
    ).toEqual({
      '0000': ['auto-read', undefined],
      '0001': ['auto-deliver', undefined],
      '0002': ['never-deliver', undefined],
      '0003': ['auto-deliver', 463],
      '0004': ['reply', undefined],
    });
  });

  it('leaves accounts, added contacts and LIDs alone; injected senders follow the rules too', () => {
    sim.createAccount({ phone: '15550000301' });
    sim.addContact({ phone: '15558880001', behaviour: 'reply' });
    sim.injectInbound({ to: '15550000301', from: '15558880001', text: 'kept' });
    sim.injectInbound({ to: '15550000301', from: '15558880002', text: 'new' });
    const contacts = sim.state().contacts;
    expect(contacts.find((c) => c.phone === '15558880001')?.behaviour).toBe('reply');
    expect(contacts.find((c) => c.phone === '15558880002')?.behaviour).toBe('never-deliver');
    expect(contacts.some((c) => c.phone === '15550000301')).toBe(false);
  });

  it('rejects an unknown mode', async () => {
    await expect(startSimulator({ unknownNumbers: 'maybe' as 'by-last-digits' })).rejects.toThrow(
      /unknownNumbers/,
    );
  });
});

describe('runStandalone', () => {
  it('treats unknown numbers by their last digits unless told otherwise, and prints the URLs', async () => {
    const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    const lines: string[] = [];
    const sim = await runStandalone({ port: 0, print: (l) => lines.push(l) });
    sims.push(sim);
    // Do not leave the exit-on-signal handlers behind in the test worker.
    for (const name of ['SIGINT', 'SIGTERM'] as const) {
      for (const l of process.listeners(name)) if (!before[name].includes(l)) process.off(name, l);
    }
    expect(sim.unknownNumbers).toBe('by-last-digits');
    expect(lines.join('\n')).toContain(sim.url);
    sim.createAccount({ phone: '15550000401' });
    sim.injectInbound({ to: '15550000401', from: '15558880004', text: 'hi' });
    expect(sim.state().contacts).toMatchObject([{ phone: '15558880004', behaviour: 'reply' }]);
  });
});

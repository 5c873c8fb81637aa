import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, type SimulatorState, startSimulator } from './index.js';
import {
  type ConnectionUpdate,
  closeCode,
  connectClient,
  isClose,
  isOpen,
  makeMemoryAuth,
} from './test-support/client.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim?.close();
});

const post = async (
  path: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> => {
  const res = await fetch(`${sim.controlUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

describe('HTTP control API', () => {
  it('creates accounts and contacts, injects inbound, and reports state', async () => {
    expect((await post('/accounts', { phone: '15550001001' })).status).toBe(200);
    const contact = await post('/contacts', {
      phone: '15559991001',
      behaviour: 'auto-read',
      receiptDelayMs: 5,
    });
    expect(contact.json).toMatchObject({ phone: '15559991001', behaviour: 'auto-read', receiptDelayMs: 5 });
    const asking = await post('/contacts', { phone: '15559991003', retryRequests: 2 });
    expect(asking.json).toMatchObject({ phone: '15559991003', retryRequests: 2 });
    const inbound = await post('/inbound', { to: '15550001001', from: '15559991001', text: 'hi' });
    expect(inbound.json.id).toEqual(expect.any(String));
    expect((await post('/fail-sends', { phone: '15550001001', code: 463, count: 2 })).json).toEqual({
      ok: true,
    });

    const res = await fetch(`${sim.controlUrl}/state`);
    const state = (await res.json()) as SimulatorState;
    expect(state.url).toBe(sim.url);
    expect(state.media?.hostname).toBe(sim.media?.hostname);
    expect(state.media?.ca).toContain('BEGIN CERTIFICATE');
    expect(state.accounts).toMatchObject([{ phone: '15550001001', devices: [] }]);
    expect(state.messages).toMatchObject([
      { id: inbound.json.id, direction: 'contact-to-account', text: 'hi' },
    ]);
  });

  it('pairs a real client by phone-number code with POST /control/pairing-code', async () => {
    const auth = makeMemoryAuth();
    const first = connectClient(sim.url, auth);
    try {
      await first.rec.waitFor<ConnectionUpdate>('connection.update', (u) => !!u.qr);
      const code = await first.sock.requestPairingCode('15550001002');
      const paired = await post('/pairing-code', { phone: '+15550001002', code });
      expect(paired).toMatchObject({ status: 200, json: { phone: '15550001002', device: 1 } });
      expect(closeCode(await first.rec.waitFor<ConnectionUpdate>('connection.update', isClose))).toBe(515);
      const second = connectClient(sim.url, auth);
      try {
        await second.rec.waitFor<ConnectionUpdate>('connection.update', isOpen);
      } finally {
        second.sock.end(undefined);
      }
    } finally {
      first.sock.end(undefined);
    }
  });

  it('injects content of any inbound type, and refuses bad content with 400', async () => {
    await post('/accounts', { phone: '15550001004' });
    const location = { type: 'location', latitude: 1.25, longitude: 103.8, name: 'Singapore' };
    const sent = await post('/inbound', { to: '15550001004', from: '15559991004', content: location });
    expect(sent.status).toBe(200);
    const reaction = { type: 'reaction', targetId: sent.json.id, emoji: '👍' };
    expect(
      (await post('/inbound', { to: '15550001004', from: '15559991004', content: reaction })).status,
    ).toBe(200);
    const state = (await (await fetch(`${sim.controlUrl}/state`)).json()) as SimulatorState;
    expect(state.messages.filter((m) => m.to === '15550001004').map((m) => m.content)).toEqual([
      location,
      reaction,
    ]);

    const bad = async (body: Record<string, unknown>) =>
      post('/inbound', { to: '15550001004', from: '15559991004', ...body });
    expect((await bad({ content: { type: 'location', latitude: 'north' } })).json.error).toMatch(/latitude/);
    expect((await bad({ content: { type: 'reaction', targetId: 'NOPE', emoji: 'x' } })).status).toBe(400);
    expect((await bad({ content: { type: 'hologram' } })).json.error).toMatch(/unknown type/);
    expect((await bad({ text: 'x', content: { type: 'text', text: 'y' } })).json.error).toMatch(/not both/);
  });

  it('rejects bad input with 4xx and a message', async () => {
    expect((await post('/inbound', { to: '15550001001' })).status).toBe(400);
    expect((await post('/kick', { phone: '19999999999', code: 440 })).json.error).toMatch(/unknown account/);
    expect((await post('/scan', { qr: 'nope' })).status).toBe(400);
    expect((await post('/pairing-code', { phone: '15550001003', code: 'ABC' })).json.error).toMatch(/8 char/);
    expect((await post('/contacts', { phone: '15559991002', behaviour: 'sometimes' })).status).toBe(400);
    expect((await post('/retry', { id: 'NOPE' })).json.error).toMatch(/no message sent by an account/);
    expect((await post('/contacts', { phone: '15559991002', retryRequests: -1 })).status).toBe(400);
    expect((await post('/nowhere', {})).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlClient, SimControlError } from './control-client.js';
import { type Simulator, startSimulator } from './simulator.js';

describe('controlClient', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  it('reports the simulator refusing a bad QR as a SimControlError', async () => {
    const client = controlClient(sim.controlUrl);
    await expect(client.scan('not-a-qr', '+15550000009')).rejects.toBeInstanceOf(SimControlError);
  });

  it('drives groups and reach-out locks over HTTP', async () => {
    const client = controlClient(sim.controlUrl);
    sim.createAccount({ phone: '15550003001' });
    for (const phone of ['15550003101', '15550003102']) sim.addContact({ phone });
    const { id } = await client.createGroup({
      owner: '15550003001',
      subject: 'Ops',
      participants: ['15550003101', '15550009990'],
    });
    expect(await client.groupsOf('15550003101')).toEqual([id]);
    expect(
      await client.groupAction(id, {
        by: '15550003001',
        action: 'add',
        participants: ['15550003102', '15550003101'],
      }),
    ).toEqual([
      { phone: '15550003102', status: 200 },
      { phone: '15550003101', status: 409 },
    ]);
    const updated = await client.updateGroup(id, { by: '15550003001', subject: 'Ops 2', announce: true });
    expect(updated).toMatchObject({ subject: 'Ops 2', announce: true, locked: false, owner: '15550003001' });
    expect((await client.group(id)).participants.map((p) => [p.phone, p.role])).toEqual([
      ['15550003001', 'superadmin'],
      ['15550003101', 'member'],
      ['15550003102', 'member'],
    ]);
    await expect(client.updateGroup(id, { by: '15550003101', locked: true })).rejects.toThrow(/not an admin/);
    const inbound = await client.injectGroupInbound({ group: id, from: '15550003101', text: 'hi' });
    expect(sim.messages().find((m) => m.id === inbound.id)).toMatchObject({ group: id, text: 'hi' });
    await client.setReachOutLock('15550003001', { until: new Date(Date.now() + 60_000) });
    await client.clearReachOutLock('15550003001');
    await expect(client.group('123@g.us')).rejects.toThrow(/unknown group/);
  });

  it('says when no simulator answers', async () => {
    await expect(controlClient('http://127.0.0.1:9').scan('x')).rejects.toThrow(/wagw sim/);
  });
});

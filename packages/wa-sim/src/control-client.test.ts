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

  it('says when no simulator answers', async () => {
    await expect(controlClient('http://127.0.0.1:9').scan('x')).rejects.toThrow(/wagw sim/);
  });
});

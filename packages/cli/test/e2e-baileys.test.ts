import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cli,
  type Deployment,
  deployment,
  json,
  login,
  type Served,
  type SimProcess,
  sendText,
  serve,
  sim,
} from './e2e-harness.js';

interface Message {
  id: string;
  status: string;
  to_lid: string | null;
}

/**
 * The real engine from a terminal, as a newcomer does it: `wagw sim` in one process, `wagw serve
 * --wa-url` in another, then the CLI pairs a baileys session by scanning in the simulator and sends.
 */
describe('wagw sim + wagw serve --wa-url, end to end', () => {
  let d: Deployment;
  let simulator: SimProcess;
  let server: Served;

  beforeAll(async () => {
    d = deployment('sqlite');
    simulator = await sim(d);
    server = await serve(d, 0, ['--wa-url', simulator.url]);
    expect((await login(d, server.url, server.apiKey!)).code).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await server?.stop('SIGTERM');
    await simulator?.stop();
    rmSync(d.dataDir, { recursive: true, force: true });
  });

  it('pairs a baileys session by scanning in the simulator, sends a text and sees it read', async () => {
    const session = json<{ id: string; engine: string }>(
      await cli(d, ['sessions', 'create', '--engine', 'baileys', '--name', 'real', '--json']),
    );
    expect(session.engine).toBe('baileys');
    const pair = await cli(d, [
      'sessions',
      'pair',
      session.id,
      '--scan',
      '--sim-url',
      simulator.controlUrl,
      '--phone',
      '+15550123456',
      '--timeout',
      '60',
    ]);
    expect(pair.code, pair.stderr).toBe(0);
    expect(pair.stdout).toContain('Connected as +15550123456.');

    const read = json<Message>(
      await sendText(d, session.id, 'hello, real engine', ['--wait', 'read', '--timeout', '60', '--json']),
    );
    expect(read.status).toBe('read');
    expect(read.to_lid).toMatch(/@lid$/);

    // The simulator refuses new chats to …0003 with WhatsApp's 463: the message is held (queued,
    // not failed) and so are the session's other new chats, shown by `wagw sessions pacing`.
    const held = json<Message>(await sendText(d, session.id, 'x', ['--json'], '+14155550003'));
    expect(held.status).toBe('queued');
    let pacing: { hold: { reason: string } | null } = { hold: null };
    for (let i = 0; i < 100 && !pacing.hold; i++) {
      await new Promise((r) => setTimeout(r, 200));
      pacing = json(await cli(d, ['sessions', 'pacing', session.id, '--json']));
    }
    expect(pacing.hold).toMatchObject({ reason: 'reach_out_timelock' });
    const again = json<Message>(await cli(d, ['messages', 'get', held.id, '--json']));
    expect(again.status).toBe('queued');
  }, 120_000);

  it('stops cleanly', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(await simulator.stop()).toBe(0);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main.js';
import { type LiveServer, startLiveServer } from '../../testing/live-server.js';

/** `wagw chats presence` against a real server on the sandbox engine. */
describe('wagw chats presence (live)', () => {
  let live: LiveServer;
  let connected: string;
  let stopped: string;
  beforeAll(async () => {
    live = await startLiveServer();
    const client = live.client();
    connected = (await client.sessions.create({ auto_pair: true })).id;
    stopped = (await client.sessions.create({ auto_pair: true, start: false })).id;
    for (let i = 0; i < 200 && (await client.sessions.get(connected)).status !== 'connected'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(() => live.close());

  it('shows typing in a chat of a connected session, and clears it', async () => {
    const typing = live.context();
    const code = await main(['chats', 'presence', '+14155550000', 'typing', '--session', connected], typing);
    expect(code, typing.stderrText()).toBe(0);
    expect(typing.stdoutText()).toBe('+14155550000 now sees typing…\n');
    const paused = live.context();
    expect(
      await main(['chats', 'presence', '+14155550000', 'paused', '--session', connected, '--json'], paused),
    ).toBe(0);
    expect(JSON.parse(paused.stdoutText())).toEqual({ chat_id: '+14155550000', state: 'paused' });
  });

  it('refuses an unknown state before calling, and a session that is not connected', async () => {
    const bad = live.context();
    expect(await main(['chats', 'presence', '+14155550000', 'dancing', '--session', connected], bad)).toBe(1);
    expect(bad.stderrText()).toContain('Allowed choices are typing, recording, paused');
    const offline = live.context();
    expect(
      await main(['chats', 'presence', '+14155550000', 'typing', '--session', stopped, '--json'], offline),
    ).toBe(1);
    expect(JSON.parse(offline.stderrText()).error).toMatchObject({ code: 'SESSION_NOT_CONNECTED' });
  });
});

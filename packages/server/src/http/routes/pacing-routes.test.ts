import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureEngine } from '../../testing/capture-engine.js';
import { type TestDatabase, testDatabase, testDialects } from '../../testing/dialects.js';
import { engineServer } from '../../testing/engine-server.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

const ADA = '+447700900123';
const BOB = '+447700900124';
const CY = '+447700900125';

describe.each(testDialects())('session pacing on %s', (dialect) => {
  let s: TestServer;
  let session: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    session = await s.connectedSession();
  });
  afterAll(() => s.close());

  const pacing = (body?: object) =>
    body === undefined
      ? s.request('GET', `/v1/sessions/${session}/pacing`)
      : s.request('PATCH', `/v1/sessions/${session}/pacing`, { body });
  const send = async (to: string, text = 'hi') => {
    const res = await s.request('POST', `/v1/sessions/${session}/messages`, {
      body: { type: 'text', to, text },
    });
    expect(res.status).toBe(202);
    return res.body.id as string;
  };
  const message = async (id: string) => (await s.request('GET', `/v1/messages/${id}`)).body;
  const sent = (id: string) =>
    eventually(async () => {
      const m = await message(id);
      return m.status !== 'queued' ? m : undefined;
    });

  it('a sandbox session is not paced until told; bad values are coded errors', async () => {
    expect((await pacing()).body).toEqual({
      object: 'session_pacing',
      session_id: session,
      per_minute: null,
      new_chats_per_hour: null,
      custom: false,
      hold: null,
    });
    for (const body of [
      {},
      { per_minute: 0 },
      { new_chats_per_hour: 1.5 },
      { per_minute: 6001 },
      { hold: null },
    ]) {
      const res = await pacing(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const both = await pacing({ reset: true, per_minute: 5 });
    expect(both.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'reset' });
    expect((await s.request('GET', '/v1/sessions/ses_nope/pacing')).body.error.code).toBe(
      'SESSION_NOT_FOUND',
    );
  });

  it('per_minute spaces the sends (with jitter, never closer than 70% of the spacing)', async () => {
    expect((await pacing({ per_minute: 600 })).body).toMatchObject({ per_minute: 600, custom: true });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await send(ADA, `paced ${i}`));
    const times = [];
    for (const id of ids) times.push(Date.parse((await sent(id)).sent_at));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(70);
  });

  it('new_chats_per_hour keeps a message to a new chat back, lets open chats go, and a higher cap frees it', async () => {
    const { body } = await pacing({ per_minute: null, new_chats_per_hour: 2 });
    expect(body).toMatchObject({ per_minute: null, new_chats_per_hour: 2 });
    // ADA's chat is open (the test above). BOB and CY are new: the cap lets one more through.
    const bob = await send(BOB);
    await sent(bob);
    const cy = await send(CY);
    const ada = await send(ADA, 'an open chat goes on');
    expect((await sent(ada)).status).not.toBe('failed');
    await new Promise((r) => setTimeout(r, 300));
    expect((await message(cy)).status).toBe('queued');
    await pacing({ new_chats_per_hour: 3 });
    expect((await sent(cy)).status).not.toBe('failed');
    expect((await pacing({ reset: true })).body).toMatchObject({
      per_minute: null,
      new_chats_per_hour: null,
      custom: false,
    });
  });

  it("a 463 (the sandbox's 0463 numbers) holds new chats: the message waits, open chats go, it goes once lifted", async () => {
    const locked = '+447700900463';
    const held = await send(locked, 'hello stranger');
    const started = await eventually(async () => {
      const list = (await s.request('GET', `/v1/events?session_id=${session}&type=session.rate_limited`)).body
        .data;
      expect(list).toHaveLength(1);
      return list[0];
    });
    expect(started.data).toMatchObject({ active: true, reason: 'reach_out_timelock', scope: 'new_chats' });
    expect((await pacing()).body.hold).toMatchObject({ reason: 'reach_out_timelock' });
    const other = await send('+447700900126', 'another new chat waits too');
    const open = await send(ADA, 'open chats go on');
    expect((await sent(open)).status).not.toBe('failed');
    expect((await message(held)).status).toBe('queued');
    expect((await message(other)).status).toBe('queued');
    expect((await sent(held)).status).not.toBe('failed');
    expect((await sent(other)).status).not.toBe('failed');
    const events = (await s.request('GET', `/v1/events?session_id=${session}&type=session.rate_limited`)).body
      .data;
    expect(events.map((e: { data: { active: boolean } }) => e.data.active)).toEqual([true, false]);
    expect((await pacing()).body.hold).toBeNull();
    const failed = await s.request('GET', `/v1/events?session_id=${session}&type=message.failed`);
    expect(failed.body.data).toEqual([]);
  });
});

describe('the default pace of a real engine', () => {
  let db: TestDatabase;
  const capture = captureEngine();
  beforeAll(() => {
    db = testDatabase('sqlite');
  });
  afterAll(() => db.cleanup());

  it("sessions on other engines than the sandbox get the server's pace (20 a minute, 20 new chats an hour)", async () => {
    const s = await engineServer(db, [capture.engine], {
      sessions: { leaseTtlMs: 5000, renewIntervalMs: 200 },
    });
    try {
      const id = (await s.call('POST', '/v1/sessions', { engine: 'capture', start: false })).body.id;
      expect((await s.call('GET', `/v1/sessions/${id}/pacing`)).body).toMatchObject({
        per_minute: 20,
        new_chats_per_hour: 20,
        custom: false,
        hold: null,
      });
    } finally {
      await s.app.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureEngine } from '../../testing/capture-engine.js';
import { type TestDatabase, testDatabase, testDialects } from '../../testing/dialects.js';
import { type EngineServer, engineServer } from '../../testing/engine-server.js';
import { eventually } from '../../testing/test-server.js';

/** Contacts on an engine that can neither check numbers nor block, and contacts the engine reports. */
describe.each(testDialects())('contacts through the engine on %s', (dialect) => {
  let db: TestDatabase;
  let s: EngineServer;
  const capture = captureEngine();
  let session: string;
  beforeAll(async () => {
    db = testDatabase(dialect);
    s = await engineServer(db, [capture.engine]);
    session = (await s.call('POST', '/v1/sessions', { engine: 'capture' })).body.id;
    await eventually(async () =>
      (await s.call('GET', `/v1/sessions/${session}`)).body.status === 'connected' ? true : undefined,
    );
  });
  afterAll(async () => {
    await s.app.close();
    await db.cleanup();
  });

  it('check and block answer CAPABILITY_NOT_SUPPORTED on an engine without them', async () => {
    const check = await s.call('POST', `/v1/sessions/${session}/contacts/check`, {
      phones: ['+447700900123'],
    });
    expect(check.status).toBe(409);
    expect(check.body.error.code).toBe('CAPABILITY_NOT_SUPPORTED');
    const block = await s.call(
      'POST',
      `/v1/sessions/${session}/contacts/${encodeURIComponent('+447700900123')}/block`,
    );
    expect(block.body.error.code).toBe('CAPABILITY_NOT_SUPPORTED');
    expect((await s.call('GET', `/v1/sessions/${session}/contacts`)).body.data).toEqual([]);
  });

  it('stores what the engine reports (a name, a LID, a block made elsewhere) with contact.updated events', async () => {
    const ctx = capture.contexts.at(-1)!;
    ctx.emit({ type: 'contact', phone: '+447700900123', name: 'Ada' });
    ctx.emit({ type: 'contact', phone: '+447700900123', lid: '777@lid' });
    ctx.emit({ type: 'contact', lid: '777@lid', blocked: true });
    ctx.emit({ type: 'contact', lid: '777@lid', name: 'Ada' });
    const contact = await eventually(async () => {
      const res = await s.call('GET', `/v1/sessions/${session}/contacts/777@lid`);
      return res.body.blocked === true ? res.body : undefined;
    });
    expect(contact).toMatchObject({
      id: '+447700900123',
      phone: '+447700900123',
      lid: '777@lid',
      name: 'Ada',
    });
    const events = await s.call('GET', `/v1/events?session_id=${session}&type=contact.updated`);
    expect(events.body.data.map((e: { data: { changed: string[] } }) => e.data.changed)).toEqual([
      ['phone', 'name'],
      ['lid'],
      ['blocked'],
    ]);
    expect((await s.call('GET', `/v1/sessions/${session}/lids/pn/%2B447700900123`)).body.lid).toBe('777@lid');
  });

  it('a blocklist from the engine blocks who is in it and unblocks the others', async () => {
    capture.contexts.at(-1)!.emit({ type: 'blocklist', blocked: [{ phone: '+447700900999', lid: null }] });
    const blocked = await eventually(async () => {
      const res = await s.call('GET', `/v1/sessions/${session}/contacts/%2B447700900999`);
      return res.body.blocked === true ? res.body : undefined;
    });
    expect(blocked).toMatchObject({ phone: '+447700900999', lid: null });
    expect((await s.call('GET', `/v1/sessions/${session}/contacts/777@lid`)).body.blocked).toBe(false);
  });
});

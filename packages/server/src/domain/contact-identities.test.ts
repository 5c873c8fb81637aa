import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../testing/test-server.js';

/** Messages carry both identities of a contact (phone and LID) once either side is known. */
describe.each(testDialects())('contact identities on %s', (dialect) => {
  let s: TestServer;
  let sessionId: string;
  let tenantId: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    const created = await s.request('POST', '/v1/sessions', { body: { auto_pair: true } });
    sessionId = created.body.id;
    tenantId = (await s.gateway.storage.sessions.getById(sessionId))!.tenantId;
    await eventually(async () =>
      (await s.request('GET', `/v1/sessions/${sessionId}`)).body.status === 'connected' ? 1 : undefined,
    );
  });
  afterAll(() => s.close());

  const inboundByWaId = async (waId: string) =>
    (await s.request('GET', `/v1/sessions/${sessionId}/messages`)).body.data.find(
      (m: { wa_message_id: string }) => m.wa_message_id === waId,
    );

  it('an inbound message from a LID-only sender has a null phone, and the LID', async () => {
    await s.gateway.messages.recordInbound(tenantId, sessionId, {
      waMessageId: 'IN1',
      from: null,
      fromLid: '111@lid',
      body: { type: 'text', text: 'hi' },
      at: Date.now(),
    });
    expect(await inboundByWaId('IN1')).toMatchObject({ from: null, from_lid: '111@lid', text: 'hi' });
  });

  it('a known mapping fills the phone of a LID-only sender, and the LID of a phone-only one', async () => {
    await s.gateway.storage.contacts.upsert(sessionId, '222@lid', '+14155550222', Date.now());
    await s.gateway.messages.recordInbound(tenantId, sessionId, {
      waMessageId: 'IN2',
      from: null,
      fromLid: '222@lid',
      body: { type: 'text', text: 'a' },
      at: Date.now(),
    });
    await s.gateway.messages.recordInbound(tenantId, sessionId, {
      waMessageId: 'IN3',
      from: '+14155550222',
      body: { type: 'text', text: 'b' },
      at: Date.now(),
    });
    expect(await inboundByWaId('IN2')).toMatchObject({ from: '+14155550222', from_lid: '222@lid' });
    expect(await inboundByWaId('IN3')).toMatchObject({ from: '+14155550222', from_lid: '222@lid' });
  });

  it('an inbound message with both identities teaches the mapping; a moved number follows its new LID', async () => {
    await s.gateway.messages.recordInbound(tenantId, sessionId, {
      waMessageId: 'IN4',
      from: '+14155550333',
      fromLid: '333@lid',
      body: { type: 'text', text: 'c' },
      at: Date.now(),
    });
    expect(await s.gateway.storage.contacts.phoneForLid(sessionId, '333@lid')).toBe('+14155550333');
    await s.gateway.storage.contacts.upsert(sessionId, '444@lid', '+14155550333', Date.now());
    expect(await s.gateway.storage.contacts.lidForPhone(sessionId, '+14155550333')).toBe('444@lid');
    expect(await s.gateway.storage.contacts.phoneForLid(sessionId, '333@lid')).toBeUndefined();
  });

  it('an outbound message gets its recipient LID on the next status once the mapping is known', async () => {
    await s.gateway.storage.contacts.upsert(sessionId, '555@lid', '+14155550000', Date.now());
    const sent = await s.request('POST', `/v1/sessions/${sessionId}/messages`, {
      body: { type: 'text', to: '+14155550000', text: 'hello' },
    });
    expect(sent.body).toMatchObject({ to_lid: null, from_lid: null });
    const read = await eventually(async () => {
      const m = await s.request('GET', `/v1/messages/${sent.body.id}`);
      return m.body.status === 'read' ? m.body : undefined;
    });
    expect(read).toMatchObject({ to: '+14155550000', to_lid: '555@lid' });
    const events = await s.request('GET', `/v1/events?session_id=${sessionId}&type=message.sent`);
    const event = events.body.data.find((e: { data: { id: string } }) => e.data.id === sent.body.id);
    expect(event.data.to_lid).toBe('555@lid');
  });
});

import { createServer as createNetServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

/** A TCP port that accepts and drops every connection: WhatsApp "down". */
async function deadEndpoint(): Promise<{ url: string; server: Server }> {
  const server = createNetServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `ws://127.0.0.1:${address.port}/ws/chat`, server };
}

describe.each(testDialects())('pairing code on %s', (dialect) => {
  let s: TestServer;
  let dead: Awaited<ReturnType<typeof deadEndpoint>>;
  beforeAll(async () => {
    dead = await deadEndpoint();
    s = await startTestServer(dialect, {
      waUrl: dead.url,
      baileys: { backoffBaseMs: 50, backoffMaxMs: 200, replacedBackoffMs: 1000 },
    });
  });
  afterAll(async () => {
    await s.close();
    dead.server.close();
  });

  it('is refused with CAPABILITY_NOT_SUPPORTED for sandbox sessions', async () => {
    const created = await s.request('POST', '/v1/sessions', { body: {} });
    const res = await s.request('POST', `/v1/sessions/${created.body.id}/pairing-code`, {
      body: { phone: '+14155550000' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CAPABILITY_NOT_SUPPORTED');
  });

  it('validates the phone number and the session', async () => {
    const created = await s.request('POST', '/v1/sessions', { body: { engine: 'baileys', start: false } });
    expect(created.status).toBe(201);
    const bad = await s.request('POST', `/v1/sessions/${created.body.id}/pairing-code`, {
      body: { phone: 'not a number' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_PHONE_NUMBER');
    const missing = await s.request('POST', '/v1/sessions/ses_nope/pairing-code', {
      body: { phone: '+14155550000' },
    });
    expect(missing.status).toBe(404);
  });

  it('a baileys session that cannot reach WhatsApp is disconnected, keeps retrying, and has no code to give', async () => {
    const created = await s.request('POST', '/v1/sessions', { body: { engine: 'baileys' } });
    const id = created.body.id;
    const session = await eventually(async () => {
      const r = await s.request('GET', `/v1/sessions/${id}`);
      return r.body.status === 'disconnected' ? r.body : undefined;
    });
    expect(session.status_reason).toMatch(/connection_lost/);
    const res = await s.request('POST', `/v1/sessions/${id}/pairing-code`, {
      body: { phone: '+14155550000' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('SESSION_STATE_CONFLICT');
    // Still trying (not given up): the desired state stays running.
    expect((await s.gateway.storage.sessions.getById(id))?.desiredState).toBe('running');
    const stopped = await s.request('POST', `/v1/sessions/${id}/stop`);
    expect(stopped.body.status).toBe('stopped');
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

describe('storage failures', () => {
  let s: TestServer;
  let session: string;
  beforeAll(async () => {
    s = await startTestServer('sqlite');
    session = (await s.request('POST', '/v1/sessions', { body: { start: false } })).body.id;
  });
  afterAll(() => s.close());

  it.each(['SQLITE_FULL', 'SQLITE_IOERR_WRITE', '53100', 'ENOSPC'])(
    '%s while accepting a message → 503 STORAGE_UNAVAILABLE with Retry-After, and nothing is accepted',
    async (code) => {
      const before = (await s.request('GET', `/v1/sessions/${session}/messages`)).body.data.length;
      const spy = vi
        .spyOn(s.gateway.storage, 'groupCommit')
        .mockRejectedValueOnce(Object.assign(new Error('database or disk is full'), { code }));
      const res = await s.request('POST', `/v1/sessions/${session}/messages`, {
        body: { type: 'text', to: '+14155550000', text: 'x' },
      });
      spy.mockRestore();
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('STORAGE_UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('30');
      expect((await s.request('GET', `/v1/sessions/${session}/messages`)).body.data.length).toBe(before);
    },
  );
});

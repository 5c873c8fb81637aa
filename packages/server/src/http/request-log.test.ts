import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type WagwServer } from '../create-server.js';
import { testDatabase } from '../testing/dialects.js';
import { type CapturedLogs, captureLogs } from './testing/capture-logs.js';

/** The `request_id` a client receives is the `reqId` of the server's log lines about that request. */
describe('request ids in the log', () => {
  const db = testDatabase('sqlite');
  let server: WagwServer;
  let logs: CapturedLogs;
  let key: string;

  beforeAll(async () => {
    logs = captureLogs();
    server = await createServer({ ...db.config, logLevel: 'debug', start: false, logger: logs.logger });
    key = (await server.gateway.tenants.initAdmin()).apiKey!;
  });
  afterAll(async () => {
    await server.app.close();
    await db.cleanup();
  });

  const linesOf = (requestId: string) => logs.lines.filter((line) => line.reqId === requestId);

  it('logs every request under the id it returns, generated or sent by the client', async () => {
    const generated = await server.app.inject('/healthz');
    const id = String(generated.headers['request-id']);
    expect(id).toMatch(/^req_/);
    expect(linesOf(id).map((line) => line.msg)).toEqual(['incoming request', 'request completed']);

    const sent = await server.app.inject({ url: '/healthz', headers: { 'request-id': 'trace-7f.3:a' } });
    expect(sent.headers['request-id']).toBe('trace-7f.3:a');
    expect(linesOf('trace-7f.3:a')).toHaveLength(2);

    const unsafe = await server.app.inject({ url: '/healthz', headers: { 'request-id': 'a b\n{"x":1}' } });
    expect(unsafe.headers['request-id']).toMatch(/^req_/);
    expect(linesOf(String(unsafe.headers['request-id']))).toHaveLength(2);
  });

  it("a corrupt stored row is a logged 500 INTERNAL under the request id, not the client's INVALID_JSON", async () => {
    const session = await server.app.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: { authorization: `Bearer ${key}` },
      payload: { start: false },
    });
    const sent = await server.app.inject({
      method: 'POST',
      url: `/v1/sessions/${session.json().id}/messages`,
      headers: { authorization: `Bearer ${key}` },
      payload: { type: 'text', to: '+14155550000', text: 'hi' },
    });
    const messageId = sent.json().id;
    const file = new SQLite(join(db.dataDir, 'wagw.sqlite'));
    file.prepare('update messages set body = ? where id = ?').run('{"type":"text","te', messageId);
    file.close();

    const res = await server.app.inject({
      url: `/v1/messages/${messageId}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json().error).toMatchObject({ code: 'INTERNAL', request_id: res.headers['request-id'] });
    const logged = linesOf(String(res.headers['request-id'])).find((line) => line.level === 50);
    expect(logged).toMatchObject({ msg: 'unhandled error', err: { type: 'SyntaxError' } });

    const badBody = await server.app.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: '{"start":',
    });
    expect([badBody.statusCode, badBody.json().error.code]).toEqual([400, 'INVALID_JSON']);
  });
});

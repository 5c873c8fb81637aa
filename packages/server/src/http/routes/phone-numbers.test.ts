import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

/** Numbers without a country code are never guessed: refused, or read in the configured country. */
describe('phone numbers in sends', () => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  async function sendTo(server: TestServer, to: string) {
    const session = (await server.request('POST', '/v1/sessions', { body: { start: false } })).body.id;
    const res = await server.request('POST', `/v1/sessions/${session}/messages`, {
      body: { type: 'text', to, text: 'hi' },
    });
    return { ...res, session };
  }

  it('a number without "+" is a 400 that shows the international format, and nothing is queued', async () => {
    s = await startTestServer('sqlite');
    const res = await sendTo(s, '4155550000');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'INVALID_PHONE_NUMBER',
      param: 'to',
      details: { reason: 'missing_country_code' },
    });
    expect(res.body.error.message).toMatch(/international format/);
    expect((await s.request('GET', `/v1/sessions/${res.session}/messages`)).body.data).toEqual([]);
    expect(await s.gateway.storage.jobs.countForSession('message.send', res.session)).toBe(0);
  });

  it('with defaultCountry set, national numbers are read as that country', async () => {
    s = await startTestServer('sqlite', { defaultCountry: 'US' });
    const res = await sendTo(s, '(415) 555-0000');
    expect(res.status).toBe(202);
    expect(res.body.to).toBe('+14155550000');
  });

  it('an unknown defaultCountry stops start-up with a configuration error', async () => {
    await expect(startTestServer('sqlite', { defaultCountry: 'XX' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      param: 'defaultCountry',
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { testPrincipal } from '../../testing/test-principal.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

const SHIPPED = { type: 'text', text: 'Hi {{ first_name }}, order {{order}} has shipped, {{first_name}}.' };

describe.each(testDialects())('templates on %s', (dialect) => {
  let s: TestServer;
  let acme: { id: string; key: string };
  let globex: { id: string; key: string };
  let testKey: string;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    acme = await s.tenant('acme');
    globex = await s.tenant('globex');
    testKey = (await s.request('POST', '/v1/api-keys', { key: acme.key, body: { name: 't', mode: 'test' } }))
      .body.key;
  });
  afterAll(() => s.close());

  const create = (key: string, name: string, body: unknown = SHIPPED) =>
    s.request('POST', '/v1/templates', { key, body: { name, body } });

  it('creates, gets, lists, updates and deletes a template; variables are its placeholder names', async () => {
    const created = await create(acme.key, 'order_shipped');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'template',
      name: 'order_shipped',
      body: SHIPPED,
      variables: ['first_name', 'order'],
      mode: 'live',
    });
    expect(created.body.id).toMatch(/^tpl_[0-9A-Za-z]{24}$/);
    const id = created.body.id as string;
    expect((await s.request('GET', `/v1/templates/${id}`, { key: acme.key })).body).toEqual(created.body);

    const image = await create(acme.key, 'promo', {
      type: 'image',
      media: { url: 'https://example.com/promo.png' },
      caption: '{{ discount }} off',
    });
    expect(image.body.variables).toEqual(['discount']);

    const first = await s.request('GET', '/v1/templates?limit=1', { key: acme.key });
    expect(first.body).toMatchObject({ data: [{ id }], has_more: true });
    const next = await s.request('GET', `/v1/templates?limit=1&starting_after=${id}`, { key: acme.key });
    expect(next.body).toMatchObject({ data: [{ id: image.body.id }], has_more: false });

    const renamed = await s.request('PATCH', `/v1/templates/${id}`, {
      key: acme.key,
      body: { name: 'shipped' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'shipped', body: SHIPPED });
    const rebodied = await s.request('PATCH', `/v1/templates/${id}`, {
      key: acme.key,
      body: { body: { type: 'document', media: { id: 'med_1' } } },
    });
    expect(rebodied.body).toMatchObject({
      name: 'shipped',
      body: { type: 'document', media: { id: 'med_1' } },
      variables: [],
    });
    expect(Date.parse(rebodied.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.body.updated_at));

    const deleted = await s.request('DELETE', `/v1/templates/${id}`, { key: acme.key });
    expect(deleted.body).toEqual({ id, deleted: true });
    const gone = await s.request('GET', `/v1/templates/${id}`, { key: acme.key });
    expect([gone.status, gone.body.error.code]).toEqual([404, 'TEMPLATE_NOT_FOUND']);
    const again = await s.request('DELETE', `/v1/templates/${id}`, { key: acme.key });
    expect(again.body.error.code).toBe('TEMPLATE_NOT_FOUND');
  });

  it('a name is taken within a tenant and mode only (409 TEMPLATE_NAME_TAKEN)', async () => {
    const a = await create(acme.key, 'welcome');
    const b = await create(acme.key, 'welcome2');
    const dup = await create(acme.key, 'welcome');
    expect([dup.status, dup.body.error.code, dup.body.error.param]).toEqual([
      409,
      'TEMPLATE_NAME_TAKEN',
      'name',
    ]);
    const rename = await s.request('PATCH', `/v1/templates/${b.body.id}`, {
      key: acme.key,
      body: { name: 'welcome' },
    });
    expect([rename.status, rename.body.error.code]).toEqual([409, 'TEMPLATE_NAME_TAKEN']);
    // The same name elsewhere: another tenant, or test mode.
    expect((await create(globex.key, 'welcome')).status).toBe(201);
    expect((await create(testKey, 'welcome')).status).toBe(201);
    // Renaming to its own name is no conflict.
    const same = await s.request('PATCH', `/v1/templates/${a.body.id}`, {
      key: acme.key,
      body: { name: 'welcome' },
    });
    expect(same.status).toBe(200);
  });

  it("another tenant's template is 404 on every route", async () => {
    const id = (await create(acme.key, 'private')).body.id as string;
    const as = (method: 'GET' | 'PATCH' | 'DELETE' | 'POST', url: string, body?: unknown) =>
      s.request(method, url, { key: globex.key, body });
    for (const res of [
      await as('GET', `/v1/templates/${id}`),
      await as('PATCH', `/v1/templates/${id}`, { name: 'mine' }),
      await as('DELETE', `/v1/templates/${id}`),
      await as('POST', `/v1/templates/${id}/render`, { variables: { first_name: 'x', order: 'y' } }),
    ]) {
      expect([res.status, res.body.error.code]).toEqual([404, 'TEMPLATE_NOT_FOUND']);
    }
    const listed = await as('GET', '/v1/templates?limit=100');
    expect(listed.body.data.map((t: { id: string }) => t.id)).not.toContain(id);
    expect((await s.request('GET', `/v1/templates/${id}`, { key: acme.key })).body.name).toBe('private');
  });

  it('a test key sees only test templates, a live key only live ones', async () => {
    const testTpl = await create(testKey, 'test_only');
    expect(testTpl.body.mode).toBe('test');
    const live = (await create(acme.key, 'live_only')).body.id as string;
    const ids = async (key: string) =>
      (await s.request('GET', '/v1/templates?limit=100', { key })).body.data.map((t: { id: string }) => t.id);
    expect(await ids(testKey)).toContain(testTpl.body.id);
    expect(await ids(testKey)).not.toContain(live);
    expect(await ids(acme.key)).not.toContain(testTpl.body.id);
    const crossed = await s.request('GET', `/v1/templates/${live}`, { key: testKey });
    expect(crossed.body.error.code).toBe('TEMPLATE_NOT_FOUND');
    const render = await s.request('POST', `/v1/templates/${testTpl.body.id}/render`, {
      key: acme.key,
      body: { variables: { first_name: 'A', order: '1' } },
    });
    expect(render.body.error.code).toBe('TEMPLATE_NOT_FOUND');
  });

  it('renders a preview with variables, ignoring extra ones; missing ones are 400 TEMPLATE_VARIABLES_MISSING', async () => {
    const id = (await create(acme.key, 'render_me')).body.id as string;
    const ok = await s.request('POST', `/v1/templates/${id}/render`, {
      key: acme.key,
      body: { variables: { first_name: 'Ada', order: 'A-1042', email: 'ada@example.com' } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      object: 'rendered_template',
      template_id: id,
      name: 'render_me',
      body: { type: 'text', text: 'Hi Ada, order A-1042 has shipped, Ada.' },
      variables: ['first_name', 'order'],
    });
    const missing = await s.request('POST', `/v1/templates/${id}/render`, {
      key: acme.key,
      body: { variables: { order: '1' } },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 'TEMPLATE_VARIABLES_MISSING',
      param: 'variables',
      details: { missing: ['first_name'] },
    });
    expect(missing.body.error.message).toContain('first_name');
    const none = await s.request('POST', `/v1/templates/${id}/render`, { key: acme.key });
    expect(none.body.error.details.missing).toEqual(['first_name', 'order']);
    const tooLong = await s.request('POST', `/v1/templates/${id}/render`, {
      key: acme.key,
      body: { variables: { first_name: 'x'.repeat(40_000), order: '1' } },
    });
    expect([tooLong.status, tooLong.body.error.code, tooLong.body.error.param]).toEqual([
      400,
      'VALIDATION_FAILED',
      'variables',
    ]);
  });

  it("gateway.templates.render gives another service the rendered body, within the caller's tenant and mode", async () => {
    const created = await create(acme.key, 'for_send', {
      type: 'document',
      media: { id: 'med_1' },
      caption: 'Invoice {{number}}',
    });
    const tenant = (await s.gateway.storage.tenants.get(acme.id))!;
    const templates = s.gateway.templates;
    expect(
      await templates.render(testPrincipal(tenant), created.body.id, { number: '7', extra: 'x' }),
    ).toEqual({
      type: 'document',
      media: { id: 'med_1' },
      caption: 'Invoice 7',
    });
    const asTest = templates.render(testPrincipal(tenant, { mode: 'test' }), created.body.id, {
      number: '7',
    });
    await expect(asTest).rejects.toMatchObject({ code: 'TEMPLATE_NOT_FOUND' });
    const missing = templates.render(testPrincipal(tenant), created.body.id, {});
    await expect(missing).rejects.toMatchObject({ code: 'TEMPLATE_VARIABLES_MISSING', param: 'variables' });
  });

  it('bad placeholders and bodies are coded 400s', async () => {
    const cases: Array<[unknown, string]> = [
      [{ type: 'text', text: 'Hi {{first-name}}' }, 'body.text'],
      [{ type: 'text', text: 'Hi {{name' }, 'body.text'],
      [{ type: 'image', media: { id: 'med_1' }, caption: '{{}}' }, 'body.caption'],
    ];
    for (const [body, param] of cases) {
      const res = await create(acme.key, `bad_${param}_${Math.random()}`, body);
      expect([res.status, res.body.error.code, res.body.error.param], JSON.stringify(body)).toEqual([
        400,
        'VALIDATION_FAILED',
        param,
      ]);
    }
    for (const body of [
      { type: 'poll', question: 'q' },
      { type: 'text' },
      { type: 'text', text: '' },
      { type: 'image', media: { path: '/etc/passwd' } },
      { type: 'image', caption: 'no media' },
      { type: 'text', text: 'x', extra: true },
      'text',
    ]) {
      const res = await create(acme.key, `bad_${Math.random()}`, body);
      expect([res.status, res.body.error.code], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
    }
    const noName = await s.request('POST', '/v1/templates', { key: acme.key, body: { body: SHIPPED } });
    expect([noName.status, noName.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const id = (await create(acme.key, 'patch_me')).body.id as string;
    const empty = await s.request('PATCH', `/v1/templates/${id}`, { key: acme.key, body: {} });
    expect([empty.status, empty.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const badPatch = await s.request('PATCH', `/v1/templates/${id}`, {
      key: acme.key,
      body: { body: { type: 'text', text: '{{ a b }}' } },
    });
    expect([badPatch.status, badPatch.body.error.param]).toEqual([400, 'body.text']);
    const badVars = await s.request('POST', `/v1/templates/${id}/render`, {
      key: acme.key,
      body: { variables: ['Ada'] },
    });
    expect([badVars.status, badVars.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('writing needs messages:send, reading and previewing messages:read', async () => {
    const readOnly = (
      await s.request('POST', '/v1/api-keys', {
        key: acme.key,
        body: { name: 'reader', scopes: ['messages:read'] },
      })
    ).body.key;
    const id = (await create(acme.key, 'scoped')).body.id as string;
    expect((await s.request('GET', `/v1/templates/${id}`, { key: readOnly })).status).toBe(200);
    const preview = await s.request('POST', `/v1/templates/${id}/render`, {
      key: readOnly,
      body: { variables: { first_name: 'A', order: '1' } },
    });
    expect(preview.status).toBe(200);
    const refused = await create(readOnly, 'nope');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'INSUFFICIENT_SCOPE']);
  });

  it('a send of type template goes out as the rendered message; a missing variable queues nothing', async () => {
    const tpl = (await create(s.adminKey, 'welcome_send', { type: 'text', text: 'Welcome, {{name}}!' })).body;
    const session = await s.connectedSession();
    const sent = await s.request('POST', `/v1/sessions/${session}/messages`, {
      body: { type: 'template', to: '+14155550000', template_id: tpl.id, variables: { name: 'Ada', x: 'y' } },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body).toMatchObject({
      type: 'text',
      text: 'Welcome, Ada!',
      to: '+14155550000',
      status: 'queued',
    });
    const missing = await s.request('POST', `/v1/sessions/${session}/messages`, {
      body: { type: 'template', to: '+14155550000', template_id: tpl.id },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'TEMPLATE_VARIABLES_MISSING', param: 'variables' });
    const unknown = await s.request('POST', `/v1/sessions/${session}/messages`, {
      body: { type: 'template', to: '+14155550000', template_id: 'tpl_nope', variables: {} },
    });
    expect(unknown.body.error.code).toBe('TEMPLATE_NOT_FOUND');
    const list = await s.request('GET', `/v1/sessions/${session}/messages?limit=100`);
    expect(list.body.data).toHaveLength(1);
  });
});

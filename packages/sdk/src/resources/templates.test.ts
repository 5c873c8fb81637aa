import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, ConflictError } from '../core/errors.js';
import { type FakeServer, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

const template = (id: string, name = 'order_shipped') => ({
  id,
  object: 'template',
  name,
  body: { type: 'text', text: 'Hi {{first_name}}' },
  variables: ['first_name'],
  mode: 'live',
  created_at: '2026-12-04T00:00:00.000Z',
  updated_at: '2026-12-04T00:00:00.000Z',
});

describe('templates', () => {
  it('create, get, update, delete and render call their paths with their bodies', async () => {
    server = await startFakeServer((req, res) => {
      if (req.path.endsWith('/render')) {
        return sendJson(res, 200, {
          object: 'rendered_template',
          template_id: 'tpl_1',
          name: 'order_shipped',
          body: { type: 'text', text: 'Hi Ada' },
          variables: ['first_name'],
        });
      }
      if (req.method === 'DELETE') return sendJson(res, 200, { id: 'tpl_1', deleted: true });
      return sendJson(res, req.method === 'POST' ? 201 : 200, template('tpl_1'));
    });
    const wagw = server.client();
    const body = { type: 'text' as const, text: 'Hi {{first_name}}' };
    expect((await wagw.templates.create({ name: 'order_shipped', body })).variables).toEqual(['first_name']);
    expect((await wagw.templates.get('tpl_1')).id).toBe('tpl_1');
    await wagw.templates.update('tpl_1', { name: 'shipped' });
    expect(await wagw.templates.delete('tpl_1')).toEqual({ id: 'tpl_1', deleted: true });
    const rendered = await wagw.templates.render('tpl_1', { variables: { first_name: 'Ada' } });
    expect(rendered.body).toEqual({ type: 'text', text: 'Hi Ada' });
    await wagw.templates.render('tpl_1');
    expect(server.requests.map((r) => [r.method, r.path, r.json])).toEqual([
      ['POST', '/v1/templates', { name: 'order_shipped', body }],
      ['GET', '/v1/templates/tpl_1', undefined],
      ['PATCH', '/v1/templates/tpl_1', { name: 'shipped' }],
      ['DELETE', '/v1/templates/tpl_1', undefined],
      ['POST', '/v1/templates/tpl_1/render', { variables: { first_name: 'Ada' } }],
      ['POST', '/v1/templates/tpl_1/render', {}],
    ]);
    expect(server.requests[0]?.headers['idempotency-key']).toBeTruthy();
  });

  it('list pages through every template with starting_after', async () => {
    server = await startFakeServer((req, res) => {
      const after = req.query.get('starting_after');
      if (!after)
        return sendJson(res, 200, { data: [template('tpl_1', 'a'), template('tpl_2', 'b')], has_more: true });
      return sendJson(res, 200, { data: [template('tpl_3', 'c')], has_more: false });
    });
    const names: string[] = [];
    for await (const t of server.client().templates.list({ limit: 2 })) names.push(t.name);
    expect(names).toEqual(['a', 'b', 'c']);
    expect(server.requests.map((r) => r.query.toString())).toEqual([
      'limit=2',
      'limit=2&starting_after=tpl_2',
    ]);
  });

  it('missing variables and a taken name are typed errors with their codes', async () => {
    server = await startFakeServer((req, res) =>
      req.path.endsWith('/render')
        ? sendJson(res, 400, {
            error: {
              code: 'TEMPLATE_VARIABLES_MISSING',
              message: 'Missing template variables: first_name.',
              request_id: 'req_1',
              param: 'variables',
              details: { missing: ['first_name'] },
            },
          })
        : sendJson(res, 409, {
            error: { code: 'TEMPLATE_NAME_TAKEN', message: 'taken', request_id: 'req_2', param: 'name' },
          }),
    );
    const wagw = server.client();
    const missing = await wagw.templates.render('tpl_1', { variables: {} }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BadRequestError);
    expect((missing as BadRequestError).code).toBe('TEMPLATE_VARIABLES_MISSING');
    expect((missing as BadRequestError).details).toEqual({ missing: ['first_name'] });
    const taken = await wagw.templates
      .create({ name: 'x', body: { type: 'text', text: 'y' } })
      .catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(ConflictError);
    expect((taken as ConflictError).code).toBe('TEMPLATE_NAME_TAKEN');
  });
});

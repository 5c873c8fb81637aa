import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../testing/dialects.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { fillPath, label, type Operation, operationsOf, sampleBody } from './testing/api-operations.js';

const NUL = '\u0000';
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`;

type Property = { type?: unknown; enum?: unknown; items?: { type?: unknown } };
/** Free text (not one of a fixed set of values), alone or in an array. */
const isText = (p: Property) =>
  (p.type === 'string' && p.enum === undefined) || (p.type === 'array' && p.items?.type === 'string');

/**
 * Client input that used to reach the database or the stack unchecked: every case is a coded 4xx
 * naming the parameter, on every operation of the OpenAPI document.
 */
describe.each(testDialects())('hostile input on %s', (dialect) => {
  let s: TestServer;
  let ops: Operation[];
  beforeAll(async () => {
    s = await startTestServer(dialect);
    ops = operationsOf((await s.app.inject('/openapi.json')).json());
  });
  afterAll(() => s.close());

  const pathOf = (op: Operation, value = 'x_1') =>
    fillPath(
      op,
      Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, value])),
    );
  const inject = (
    op: Operation,
    url: string,
    extra: { payload?: unknown; headers?: Record<string, string> } = {},
  ) =>
    s.app.inject({
      method: op.method,
      url,
      headers: { authorization: `Bearer ${s.adminKey}`, ...extra.headers },
      ...(extra.payload !== undefined
        ? { payload: extra.payload as string }
        : op.body && { payload: sampleBody(op) }),
    });

  function expectRefused(res: Awaited<ReturnType<typeof inject>>, where: string, param: string) {
    expect(res.statusCode, `${where}: ${res.body}`).toBe(400);
    const error = res.json().error;
    expect(error.code, where).toBe('VALIDATION_FAILED');
    expect(error.param, where).toBe(param);
    expect(error.request_id).toBe(res.headers['request-id']);
  }

  it('every list refuses a limit of Infinity or of 400 digits (ajv coerces both to Infinity)', async () => {
    const lists = ops.filter((op) => op.parameters.some((p) => p.in === 'query' && p.name === 'limit'));
    expect(lists.length).toBeGreaterThanOrEqual(7);
    for (const op of lists) {
      for (const limit of ['Infinity', '-Infinity', '9'.repeat(400), `-${'9'.repeat(400)}`]) {
        const res = await inject(op, `${pathOf(op)}?limit=${limit}`);
        expectRefused(res, `${label(op)} limit=${limit.slice(0, 12)}`, 'limit');
        expect(res.json().error.message).toMatch(/from 1 to 100/);
      }
    }
  });

  it('every POST and PATCH refuses a 5,000-deep JSON body with an Idempotency-Key as a coded 4xx', async () => {
    const writes = ops.filter((op) => op.method === 'POST' || op.method === 'PATCH');
    expect(writes.length).toBeGreaterThan(10);
    for (const op of writes) {
      const res = await inject(op, pathOf(op), {
        payload: deepJson(5000),
        headers: { 'content-type': 'application/json', 'idempotency-key': `deep-${op.operationId}` },
      });
      expect(res.statusCode, `${label(op)}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('every path parameter, query parameter, header and text field refuses NUL, naming it', async () => {
    let checked = 0;
    for (const op of ops) {
      for (const param of op.parameters.filter((p) => p.schema.type === 'string')) {
        const where = `${label(op)} ${param.in} ${param.name}`;
        if (param.in === 'path') {
          const values = Object.fromEntries(
            op.parameters
              .filter((p) => p.in === 'path')
              .map((p) => [p.name, p === param ? `a${NUL}b` : 'x_1']),
          );
          expectRefused(await inject(op, fillPath(op, values)), where, param.name);
        } else if (param.in === 'query') {
          expectRefused(await inject(op, `${pathOf(op)}?${param.name}=a%00b`), where, param.name);
        } else {
          const res = await inject(op, pathOf(op), { headers: { [param.name]: `a${NUL}b` } });
          expectRefused(res, where, param.name);
        }
        expect((await inject(op, pathOf(op))).statusCode).not.toBe(500);
        checked++;
      }
      const properties = (op.body?.properties ?? {}) as Record<string, Property>;
      for (const [name, property] of Object.entries(properties).filter(([, p]) => isText(p))) {
        const value = property.type === 'array' ? [`a${NUL}b`] : `a${NUL}b`;
        const res = await inject(op, pathOf(op), { payload: { ...sampleBody(op), [name]: value } });
        expectRefused(res, `${label(op)} body ${name}`, property.type === 'array' ? `${name}.0` : name);
        expect(res.json().error.message).toMatch(/NUL/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});

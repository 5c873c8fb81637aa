import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildSerializer, referencedSchemas } from './serializer-compiler.js';

const Money = { $id: 'Money', type: 'object', properties: { cents: { type: 'integer' } } };
const Line = {
  $id: 'Line',
  type: 'object',
  properties: { label: { type: 'string' }, amount: { $ref: 'Money#' } },
};
const Unrelated = { $id: 'Unrelated', type: 'object', properties: { x: { type: 'string' } } };
const shared = { Money, Line, Unrelated };

describe('referencedSchemas', () => {
  it('hands a schema the shared schemas it refers to, through other shared schemas too', () => {
    const schema = { type: 'array', items: { $ref: 'Line#' } };
    expect(Object.keys(referencedSchemas(schema, shared)).sort()).toEqual(['Line', 'Money']);
  });

  it('hands nothing to a schema without references, and ignores local pointers', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { $ref: '#/properties/a' } },
    };
    expect(referencedSchemas(schema, shared)).toEqual({});
  });

  it('falls back to every shared schema when a reference names none of them', () => {
    const schema = { type: 'object', properties: { a: { $ref: 'Missing#' } } };
    expect(Object.keys(referencedSchemas(schema, shared)).sort()).toEqual(['Line', 'Money', 'Unrelated']);
  });
});

describe('buildSerializer', () => {
  it('serializes as fast-json-stringify does: unknown fields dropped, refs followed', () => {
    const compile = buildSerializer(shared, undefined);
    const serialize = compile({ schema: { type: 'array', items: { $ref: 'Line#' } } });
    expect(serialize([{ label: 'Pro', amount: { cents: 7900, secret: 'x' }, extra: 1 }])).toBe(
      '[{"label":"Pro","amount":{"cents":7900}}]',
    );
  });

  it('builds one serializer for identical schemas, also across servers', () => {
    const schema = { type: 'object', properties: { id: { type: 'string' } } };
    const first = buildSerializer(shared, undefined)({ schema });
    const second = buildSerializer({ ...shared }, undefined)({ schema: structuredClone(schema) });
    expect(second).toBe(first);
    const other = buildSerializer(
      shared,
      undefined,
    )({
      schema: { type: 'object', properties: { id: { type: 'integer' } } },
    });
    expect(other).not.toBe(first);
  });

  it('still reports a reference that nothing answers, as fastify does', async () => {
    const app = Fastify({ schemaController: { compilersFactory: { buildSerializer } } });
    app.addSchema(Money);
    app.get(
      '/x',
      { schema: { response: { 200: { type: 'object', properties: { a: { $ref: 'Nope#' } } } } } },
      async () => ({ a: 1 }),
    );
    await expect(app.ready()).rejects.toThrow(/Nope/);
  });

  it('is what a fastify app serializes its responses with', async () => {
    const app = Fastify({ schemaController: { compilersFactory: { buildSerializer } } });
    app.addSchema(Money);
    app.addSchema(Line);
    app.get('/line', { schema: { response: { 200: { $ref: 'Line#' } } } }, async () => ({
      label: 'Basic',
      amount: { cents: 1900, internal: true },
      hidden: 'no',
    }));
    const response = await app.inject('/line');
    expect(response.body).toBe('{"label":"Basic","amount":{"cents":1900}}');
    await app.close();
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from './event-types.js';
import { fixture, fixtures } from './fixtures.js';
import { parsePayload } from './parse-payload.js';

const ID = (prefix: string) => new RegExp(`^${prefix}_[0-9A-Za-z]{24}$`);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The server's OpenAPI document: its `webhooks` section is the event catalog. */
const spec = JSON.parse(readFileSync(join(import.meta.dirname, '../../server/openapi.json'), 'utf8'));

/** Validates a webhook body against the catalog's schema for its type, every object closed. */
function catalogValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const close = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(close);
    if (schema === null || typeof schema !== 'object') return schema;
    const out: Record<string, unknown> = Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [k, close(v)]),
    );
    if (out.type === 'object' && out.properties && !('additionalProperties' in out))
      out.additionalProperties = false;
    return out;
  };
  ajv.addSchema({ $id: 'openapi', components: close(spec.components) });
  return (payload: { type: string }) => {
    const ref: string = spec.webhooks[payload.type].post.requestBody.content['application/json'].schema.$ref;
    const validate = ajv.getSchema(`openapi${ref}`);
    if (!validate) throw new Error(`no schema ${ref}`);
    return validate(payload) ? [] : (validate.errors ?? []);
  };
}

describe('fixtures catalog', () => {
  it('has exactly one fixture per event type of the catalog, with a matching type', () => {
    expect(Object.keys(fixtures).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect(Object.keys(spec.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const type of WEBHOOK_EVENT_TYPES) expect(fixtures[type].type).toBe(type);
  });

  it('is the catalog examples, deterministic, well-formed and frozen', () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      const p = fixtures[type];
      expect(p).toEqual(spec.webhooks[type].post.requestBody.content['application/json'].example);
      expect(p.id).toMatch(ID('evt'));
      expect(p.timestamp).toBe('2026-11-22T10:00:00.000Z');
      expect(parsePayload(JSON.stringify(p))).toEqual(p);
    }
    expect(Object.isFrozen(fixtures['message.read'].data)).toBe(true);
    expect(() => {
      (fixtures['message.read'] as { sequence: number }).sequence = 99;
    }).toThrow(TypeError);
  });

  it('every fixture, fixed or fresh, validates against its type schema in the catalog', () => {
    const validate = catalogValidator();
    for (const type of WEBHOOK_EVENT_TYPES) {
      expect(validate(fixtures[type]), type).toEqual([]);
      expect(validate(fixture(type)), type).toEqual([]);
    }
    // The validator does catch a payload that drifted from the catalog.
    const bad = { ...fixture('message.read'), data: { ...fixture('message.read').data, read_at: 'soon' } };
    expect(validate(bad)).not.toEqual([]);
  });
});

describe('fixture()', () => {
  it('returns a fresh payload for every type: new ids of the same prefixes, times around now', () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      const p = fixture(type);
      const example = fixtures[type];
      expect(p.type).toBe(type);
      expect(p.id).toMatch(ID('evt'));
      expect(p.id).not.toBe(example.id);
      expect(p.timestamp).toMatch(ISO);
      expect(Math.abs(Date.parse(p.timestamp) - Date.now())).toBeLessThan(5_000);
      expect(p.sequence).toBe(example.sequence);
      if (example.session_id === null) expect(p.session_id).toBeNull();
      else expect(p.session_id).toMatch(ID('ses'));
      if ('session_id' in p.data) expect(p.data.session_id).toBe(p.session_id);
    }
  });

  it('keeps the example relations: one message id across a lifecycle, times in the same order', () => {
    const read = fixture('message.read');
    expect(read.data).toMatchObject({
      direction: 'outbound',
      status: 'read',
      id: expect.stringMatching(ID('msg')),
    });
    expect(Date.parse(read.data.created_at)).toBeLessThan(Date.parse(read.data.read_at ?? ''));
    expect(Date.parse(read.timestamp)).toBe(Date.parse(read.data.read_at ?? ''));
    expect(read.data.wa_message_id).toMatch(/^3EB0[0-9A-F]{20}$/);
    expect(read.data.wa_message_id).not.toBe(fixtures['message.read'].data.wa_message_id);
    expect(fixture('message.failed').data).toMatchObject({ status: 'failed', error: { code: 'WA_463' } });
    expect(fixture('message.received').data).toMatchObject({ direction: 'inbound', status: 'received' });
    const disabled = fixture('webhook.endpoint_disabled');
    expect(disabled.data.endpoint_id).toMatch(ID('whk'));
    expect(Date.parse(disabled.data.failing_since ?? '')).toBeLessThan(Date.parse(disabled.data.disabled_at));
  });

  it('generates unique ids on every call', () => {
    const events = Array.from({ length: 200 }, (_, i) =>
      fixture(WEBHOOK_EVENT_TYPES[i % 6] ?? 'message.sent'),
    );
    expect(new Set(events.map((e) => e.id)).size).toBe(200);
    expect(new Set(events.map((e) => e.session_id)).size).toBe(200);
  });

  it('applies overrides and propagates session_id into data', () => {
    const p = fixture('session.status', {
      session_id: 'ses_custom',
      sequence: 7,
      data: { status: 'logged_out', reason: 'device_removed' },
    });
    expect(p).toMatchObject({ session_id: 'ses_custom', sequence: 7 });
    expect(p.data).toEqual({
      session_id: 'ses_custom',
      status: 'logged_out',
      previous_status: 'scan_qr',
      reason: 'device_removed',
      phone: '+14155550100',
    });
    expect(fixture('message.read', { session_id: 'a', data: { session_id: 'b' } }).data.session_id).toBe('b');
    expect(fixture('webhook.endpoint_disabled', { session_id: 'ses_x' }).data).not.toHaveProperty(
      'session_id',
    );
  });

  it('does not share state with the catalog or between calls', () => {
    const p = fixture('message.read');
    p.data.text = 'changed';
    expect(fixture('message.read').data.text).not.toBe('changed');
    expect(fixtures['message.read'].data.text).not.toBe('changed');
  });

  it('rejects unknown types', () => {
    expect(() => fixture('message.bogus' as 'message.read')).toThrow(/Unknown webhook event type/);
  });
});
